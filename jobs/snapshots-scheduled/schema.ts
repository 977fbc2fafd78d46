import { z } from 'zod';
import { jobSpec } from '../../src/jobSpec';
import { opJobSchema } from '../../src/ops/jobSchema';
import { SCHEDULER_ACTOR } from '../../src/ops/operations/snapshots';
import { QUEUE } from '../../src/queues';

/**
 * `schedules` job `snapshots-scheduled`: the template every account's job scheduler enqueues
 * (`{ correlationId, account }`); the step machine saves its progress into the same job.
 */
export const SNAPSHOTS_SCHEDULED = jobSpec({
  queue: QUEUE.schedules,
  name: 'snapshots-scheduled',
  schema: opJobSchema.extend({ requester: z.string().max(64).default(SCHEDULER_ACTOR) }),
});
