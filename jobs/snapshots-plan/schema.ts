import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';
import { jobSpec } from '../../src/jobSpec';
import { QUEUE } from '../../src/queues';

export const snapshotsPlanPayload = basePayload.extend({ account: z.string().min(1).max(32) });

/** `snapshots-plan` on the `query` queue. */
export const SNAPSHOTS_PLAN = jobSpec({
  queue: QUEUE.query,
  name: 'snapshots-plan',
  schema: snapshotsPlanPayload,
});
