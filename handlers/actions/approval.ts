import { decideApproval } from '../../src/ops/decision';
import type { ActionHandler } from './types';

/** Approve / Reject on a plan message: the value is the approval id only; all checks in decideApproval. */
const decideWith =
  (decision: 'approve' | 'reject'): ActionHandler =>
  async (input, deps) => {
    await decideApproval(
      deps,
      {
        approvalId: input.value,
        user: input.userId,
        channelId: input.channelId,
        messageTs: input.messageTs,
        correlationId: input.correlationId,
      },
      decision,
    );
  };

export const approveAction = decideWith('approve');
export const rejectAction = decideWith('reject');
