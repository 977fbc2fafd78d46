import type { Deps } from '../deps';
import type { OpJobPayload } from '../opsApi';
import { QUEUE } from '../queues';

/** Ops jobs retry throttling and 5xx with backoff; unrecoverable failures stop at once (jobRunner). */
const OP_JOB_OPTS = { attempts: 6, backoff: { type: 'exponential', delay: 2000 } };

export const safeJobId = (s: string): string => s.replace(/[^\w.-]/g, '_').slice(0, 120);

/**
 * Enqueues an approved (or approval-free) operation. `jobId` comes from the approval id or the Slack
 * action, so a double click or a repeated delivery is one job. `snapshots` is account-level and runs
 * issue 7's `snapshots-apply` job.
 */
export async function enqueueOperation(
  deps: Deps,
  op: string,
  payload: OpJobPayload,
  jobId: string,
): Promise<string> {
  if (op === 'snapshots') {
    const data = {
      correlationId: payload.correlationId,
      requester: payload.requester,
      approver: payload.approver,
      account: payload.account,
      regions: payload.params?.regions,
      channel: payload.channel,
      messageTs: payload.messageTs,
    };
    return deps.queues.add(QUEUE.ops, 'snapshots-apply', data, { ...OP_JOB_OPTS, jobId: safeJobId(jobId) });
  }
  return deps.queues.add(QUEUE.ops, op, payload, { ...OP_JOB_OPTS, jobId: safeJobId(jobId) });
}
