import type { WebDeps } from '../deps';
import { personToken } from '../domain/mentions';
import { AppError, ErrorCode } from '../errors/appError';
import { OP_APPROVE } from '../jobs/opApprove';
import { type ApprovalRecord, type DecideOutcome, isOperationApproval } from '../stores/approvalStore';
import { type PlanState, planMessage } from '../views/operation';
import { wasLost } from './approvalMetadata';
import { CATALOG, opName } from './catalog';
import { isMember } from './members';

export interface DecisionInput {
  approvalId: string;
  user: string;
  channelId?: string;
  messageTs?: string;
  correlationId: string;
}

const LOST_REQUEST =
  'This request was lost: the bot’s Redis lost its data before anyone decided, and nothing was done. Ask for it again.';

/**
 * Approve, reject or withdraw (docs/architecture.md §6) — in the web process, so Redis and Slack only, never AWS.
 * The button must sit on the approval's own message and the user must be allowed; the state change is
 * one atomic script in Redis. An approval enqueues `op-approve` with jobId = approval id: the worker
 * re-reads the instance, re-plans and runs the operation.
 */
export async function decideApproval(
  deps: WebDeps,
  input: DecisionInput,
  decision: 'approve' | 'reject',
): Promise<ApprovalRecord> {
  const store = deps.stores.approvals;
  const found = await store.get(input.approvalId);
  // A maintenance plan's approvals are decided by its own button (src/maintenance/approve.ts).
  if (!found && (await wasLost(deps, input.approvalId))) throw new AppError(ErrorCode.BadInput, LOST_REQUEST);
  if (!found || !isOperationApproval(found))
    throw new AppError(ErrorCode.BadInput, 'This request no longer exists.');
  const record = found;
  const refuse = async (why: string, err: AppError): Promise<never> => {
    await auditDecision(deps, record, input.user, decision, `refused: ${why}`);
    throw err;
  };
  if (record.channel !== input.channelId || record.messageTs !== input.messageTs) {
    await refuse(
      'button not on the approval message',
      new AppError(ErrorCode.Forbidden, 'This button does not belong to that request.'),
    );
  }
  const account = deps.config.accounts.get(record.account);
  if (!account)
    return refuse(
      'account gone',
      new AppError(ErrorCode.UnknownAccount, `Account ${record.account} is no longer configured.`),
    );
  const approver = await isMember(deps, record.approvers, input.user);
  if (!approver && !(decision === 'reject' && input.user === record.requester)) {
    await refuse(
      'not an approver',
      new AppError(ErrorCode.Forbidden, `You are not an approver for ${account.alias}.`, {
        ask: record.approvers,
      }),
    );
  }
  const out = await store.decide(record.id, input.user, decision, deps.now());
  if (!out.ok) return refuseOutcome(deps, out, record, input, decision);
  const state = out.record.state;
  await auditDecision(deps, out.record, input.user, decision, state);
  if (state === 'rejected' || state === 'withdrawn') {
    await updatePlan(deps, out.record, state);
    return out.record;
  }
  await updatePlan(deps, out.record, 'approved', 'Starting: the plan is checked again against AWS first.');
  await deps.queues.enqueue(
    OP_APPROVE,
    { correlationId: record.correlationId, approvalId: record.id },
    { jobId: record.id, attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
  );
  return out.record;
}

async function refuseOutcome(
  deps: WebDeps,
  out: Extract<DecideOutcome, { ok: false }>,
  record: ApprovalRecord,
  input: DecisionInput,
  decision: string,
): Promise<never> {
  const r = out.record ?? record;
  if (out.reason === 'expired') {
    await auditDecision(deps, r, 'system', 'expire', 'expired');
    await updatePlan(deps, r, 'expired');
    throw new AppError(ErrorCode.Expired, 'This request expired; ask for it again.');
  }
  await auditDecision(deps, r, input.user, decision, `refused: ${out.reason}`);
  if (out.reason === 'self') {
    const others = r.approvers.filter((p) => p !== input.user);
    throw new AppError(
      ErrorCode.Forbidden,
      'You requested this: someone else must approve it (self-approval is off for this account).',
      { ask: others },
    );
  }
  if (out.reason === 'decided') {
    throw new AppError(
      ErrorCode.AlreadyDecided,
      `Already ${r.state}${r.decidedBy ? ` by ${personToken(r.decidedBy)}` : ''}.`,
      { people: r.decidedBy ? [r.decidedBy] : [] },
    );
  }
  throw new AppError(ErrorCode.Forbidden, 'This request cannot be decided.');
}

/**
 * The expiry timer (a delayed job at expiresAt): marks a still-pending request expired, audits it and
 * updates its message so nobody approves a stale plan. Decided requests are left alone.
 */
export async function expireApproval(deps: WebDeps, approvalId: string): Promise<boolean> {
  const store = deps.stores.approvals;
  const out = await store.decide(approvalId, 'system', 'expire', deps.now());
  if (out.ok || out.reason !== 'expired' || !out.record) return false;
  await auditDecision(deps, out.record, 'system', 'expire', 'expired');
  await updatePlan(deps, out.record, 'expired');
  return true;
}

/** Updates the plan message in place: who decided, when, buttons gone. Best effort. */
export async function updatePlan(
  deps: WebDeps,
  r: ApprovalRecord,
  state: PlanState,
  note?: string,
): Promise<void> {
  if (!r.channel || !r.messageTs || !isOperationApproval(r)) return;
  const stored = await deps.stores.approvals.getPlan(r.id);
  const name = opName(r.op, r.label);
  const plan = stored ?? { title: `${name} ${r.instanceId ?? ''}`, steps: [], warnings: [], blockers: [] };
  const msg = planMessage({
    op: name,
    destructive: CATALOG[r.op].destructive,
    account: r.account,
    region: r.region,
    plan: { ...plan, blockers: [] },
    requester: r.requester,
    state,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    note,
  });
  await deps.notifier
    .update(r.channel, r.messageTs, msg)
    .catch((err) => deps.log.warn({ err }, 'plan update failed'));
}

export function auditDecision(
  deps: WebDeps,
  r: ApprovalRecord,
  user: string,
  action: string,
  result: string,
): Promise<void> {
  return deps.audit.record({
    kind: 'decision',
    actor: user,
    action: `${action} ${r.op}`,
    account: r.account,
    region: r.region,
    instanceId: r.instanceId,
    result,
    correlationId: r.correlationId,
    detail: { approvalId: r.id, requester: r.requester, label: r.label },
  });
}
