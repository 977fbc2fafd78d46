import { z } from 'zod';
import { opJobSchema } from '../ops/jobSchema';
import { SCHEDULER_ACTOR } from '../ops/operations/snapshots';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/**
 * `schedules` job `snapshots-scheduled`: the template every account's job scheduler enqueues
 * (`{ correlationId, account }`); the step machine saves its progress into the same job.
 */
export const SNAPSHOTS_SCHEDULED = jobSpec({
  queue: QUEUE.schedules,
  name: 'snapshots-scheduled',
  schema: opJobSchema.extend({ requester: z.string().max(64).default(SCHEDULER_ACTOR) }),
});
