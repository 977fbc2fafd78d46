import type { Operation } from './config/schema';
import type { Deps } from './deps';
import { AppError, ErrorCode } from './errors';

/**
 * The one entry point other features (events buttons, alerts, auto-recover, nitro, snapshots) use to
 * request an operation. The operations feature (issue 4) implements it: policy check, approval
 * message or direct enqueue, per-instance lock, audit.
 *
 * Job mapping once approved (or when no approval is needed): instance operations run the operations
 * feature's own jobs; `snapshots` enqueues `ops` job `snapshots-apply` with
 * `{ correlationId, requester, approver?, account, regions?: params.regions, channel }` (issue 7 owns that job).
 */
export interface OperationRequest {
  op: Operation;
  account: string;
  /** Instance operations name one instance; account-level ones (`snapshots`) leave these out. */
  region?: string;
  instanceId?: string;
  requester: string;
  /** Set when policy allows running without a second person (one-tap recover, auto-recover). */
  preApproved?: { by: string; reason: 'one-tap-recover' | 'auto-recover' | 'no-approval-required' };
  params?: Record<string, unknown>;
  dryRun?: boolean;
  /** Where to post the plan/progress message; default: the account's alert channel. */
  channel?: string;
  threadTs?: string;
  responseUrl?: string;
  origin?: { kind: 'command' | 'event' | 'alert' | 'auto'; id?: string };
  correlationId: string;
}

export interface OperationStarted {
  /** Approval id when waiting for approval, else the job id. */
  id: string;
  state: 'awaiting-approval' | 'queued' | 'dry-run';
}

export type StartOperation = (deps: Deps, req: OperationRequest) => Promise<OperationStarted>;

/** Replaced by the operations feature. Until then every request says so plainly. */
export const startOperation: StartOperation = async () => {
  throw new AppError(ErrorCode.NotAvailable, 'Operations are not yet available in this version of the bot.');
};
