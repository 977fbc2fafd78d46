import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

export const snapshotsPlanPayload = basePayload.extend({ account: z.string().min(1).max(32) });

/** `snapshots-plan` on the `query` queue. */
export const SNAPSHOTS_PLAN = jobSpec({
  queue: QUEUE.query,
  name: 'snapshots-plan',
  schema: snapshotsPlanPayload,
});
