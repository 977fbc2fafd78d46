import type { Operation } from './config/schema';
import type { Deps } from './deps';
import { startOperation as startOperationImpl } from './ops/start';

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
  /** Slack trigger / action id: a repeated delivery of the same request starts one job. */
  idempotencyKey?: string;
}

export interface OperationStarted {
  /** Approval id when waiting for approval, else the job id. */
  id: string;
  /** `blocked`: the plan has blockers; the requester was told why (and offered alternatives). */
  state: 'awaiting-approval' | 'queued' | 'dry-run' | 'blocked';
}

export type StartOperation = (deps: Deps, req: OperationRequest) => Promise<OperationStarted>;

/** Implemented in src/ops/start.ts: policy, plan, approval message or direct enqueue, audit. */
export const startOperation: StartOperation = (deps, req) => startOperationImpl(deps, req);

/**
 * Payload of every `ops` job that an approved (or approval-free) operation enqueues. The job name is
 * the operation (`backup`, `reboot`, `stop`, `start`, `recover`, `hibernate`, `reschedule`, `resize`)
 * or `snapshots-apply`. Step machines add their own fields (`step`, outputs) with job.updateData.
 */
export interface OpJobPayload {
  correlationId: string;
  requester: string;
  approver?: string;
  approvalId?: string;
  account: string;
  region?: string;
  instanceId?: string;
  params?: Record<string, unknown>;
  dryRun?: boolean;
  /** The plan message this job updates in place; progress goes in its thread. */
  channel?: string;
  messageTs?: string;
  /** Thread for progress replies (the plan message, or the thread the request came from). */
  threadTs?: string;
  /** The plan's title, for the final result line. */
  title?: string;
  responseUrl?: string;
}

/**
 * What an operation will do, shown in the plan / approval message. `blockers` non-empty → no Approve
 * button. Each operation has a planner (src/ops/planners.ts registry, one line each); the approval
 * handler calls it again before enqueueing (the instance may have changed since the request).
 */
export interface OperationPlan {
  title: string;
  steps: string[];
  warnings: string[];
  blockers: string[];
  /** Extra checklist lines (resize preflight: pass / warn / block). */
  checklist?: { status: 'pass' | 'warn' | 'block'; text: string }[];
  /** Operations to offer instead when blocked (hibernate not configured → stop). */
  offer?: Operation[];
}
