import { z } from 'zod';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `ops-sweep`: looks for operations lost in flight; at worker start, every 10 minutes, and after a job dies. */
export const OPS_SWEEP = jobSpec({
  queue: QUEUE.schedules,
  name: 'ops-sweep',
  schema: z.object({ correlationId: z.string().min(1).max(64) }),
});
