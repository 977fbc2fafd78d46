import type { Operation } from '../config/operations';
import type { Deps } from '../deps';
import type { OpJobPayload } from '../jobs/opJob';
import { QUEUE } from '../jobs/queues';

/** Operation jobs retry throttling and 5xx with backoff; unrecoverable failures stop at once (jobRunner). */
export const OP_JOB_OPTS = { attempts: 6, backoff: { type: 'exponential', delay: 2000 } };

export const safeJobId = (s: string): string => s.replace(/[^\w.-]/g, '_').slice(0, 120);

/**
 * Enqueues an approved (or approval-free) operation: queue `ops`, job name = the operation, payload
 * `OpJobPayload`. `jobId` comes from the approval id or the Slack action, so a double click or a
 * repeated delivery is one job.
 */
export function enqueueOperation(
  deps: Deps,
  op: Operation,
  payload: OpJobPayload,
  jobId: string,
): Promise<string> {
  return deps.queues.add(QUEUE.ops, op, payload, { ...OP_JOB_OPTS, jobId: safeJobId(jobId) });
}
