import { z } from 'zod';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `op-approve`: an approved request, re-planned and run by the worker (jobId = approval id). */
export const OP_APPROVE = jobSpec({
  queue: QUEUE.query,
  name: 'op-approve',
  schema: z.object({ correlationId: z.string().min(1).max(64), approvalId: z.string().max(64) }),
});
