import { z } from 'zod';
import { defineJob } from '../../src/jobDefinition';
import { expireApproval } from '../../src/ops/decision';
import { QUEUE } from '../../src/queues';

const schema = z.object({ correlationId: z.string().min(1).max(64), approvalId: z.string().max(64) });

/** Delayed to an approval's expiry: a request nobody decided is marked expired, audited, its message updated. */
export const approvalExpireJob = defineJob({
  queue: QUEUE.query,
  name: 'approval-expire',
  schema,
  create: (deps) => async (data) => ({ expired: await expireApproval(deps, data.approvalId) }),
});
