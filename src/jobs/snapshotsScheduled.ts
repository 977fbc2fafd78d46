import { z } from 'zod';
import { opJobSchema } from './opJob';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** Requester of scheduled runs: the role session name says `ec2bot-scheduler` in CloudTrail. */
export const SCHEDULER_ACTOR = 'scheduler';

/**
 * `schedules` job `snapshots-scheduled`: the template every account's job scheduler enqueues
 * (`{ correlationId, account }`); the step machine saves its progress into the same job.
 */
export const SNAPSHOTS_SCHEDULED = jobSpec({
  queue: QUEUE.schedules,
  name: 'snapshots-scheduled',
  schema: opJobSchema.extend({ requester: z.string().max(64).default(SCHEDULER_ACTOR) }),
});
