import { z } from 'zod';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** Delayed to an approval's expiry (jobId `expire-<approval id>`). */
export const APPROVAL_EXPIRE = jobSpec({
  queue: QUEUE.query,
  name: 'approval-expire',
  schema: z.object({ correlationId: z.string().min(1).max(64), approvalId: z.string().max(64) }),
});
