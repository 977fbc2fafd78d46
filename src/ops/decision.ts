import type { Deps } from '../deps';
import { AppError, ErrorCode } from '../errors';
import type { OperationRequest } from '../opsApi';
import { type PlanState, planMessage } from '../views/operation';
import { esc } from '../views/text';
import { type ApprovalRecord, ApprovalStore, type DecideOutcome } from './approvals';
import { enqueueOperation } from './enqueue';
import { loadInstance } from './instance';
import { InstanceLock } from './lock';
import { isMember } from './members';
import { plannerFor } from './planners';

export interface DecisionInput {
  approvalId: string;
  user: string;
  channelId?: string;
  messageTs?: string;
  correlationId: string;
}

/**
 * Approve or reject (DESIGN.md §6). The button must sit on the approval's own message and the user must
 * be allowed; the state change itself is atomic in Redis. Approving re-reads the instance and re-plans,
 * then enqueues with jobId = approval id, so a double click is one job.
 */
export async function decideApproval(
  deps: Deps,
  input: DecisionInput,
  decision: 'approve' | 'reject',
): Promise<ApprovalRecord> {
  const store = new ApprovalStore(deps.redis, deps.keyPrefix);
  const record = await store.get(input.approvalId);
  if (!record) throw new AppError(ErrorCode.BadInput, 'This request no longer exists.');
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
      new AppError(ErrorCode.Forbidden, `You are not an approver for ${account.alias}.`),
    );
  }
  const out = await store.decide(record.id, input.user, decision, deps.now());
  if (!out.ok) return refuseOutcome(deps, out, record, input, decision);
  await auditDecision(
    deps,
    out.record,
    input.user,
    decision,
    decision === 'approve' ? 'approved' : 'rejected',
  );
  if (decision === 'reject') {
    await updatePlan(deps, out.record, 'rejected');
    return out.record;
  }
  await runApproved(deps, out.record);
  return out.record;
}

async function refuseOutcome(
  deps: Deps,
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
    throw new AppError(
      ErrorCode.Forbidden,
      'You requested this: someone else must approve it (self-approval is off for this account).',
    );
  }
  if (out.reason === 'decided') {
    throw new AppError(
      ErrorCode.AlreadyDecided,
      `Already ${r.state}${r.decidedBy ? ` by ${r.decidedBy}` : ''}.`,
    );
  }
  throw new AppError(ErrorCode.Forbidden, 'This request cannot be decided.');
}

/**
 * The expiry timer (a delayed job at expiresAt): marks a still-pending request expired, audits it and
 * updates its message so nobody approves a stale plan. Decided requests are left alone.
 */
export async function expireApproval(deps: Deps, approvalId: string): Promise<boolean> {
  const store = new ApprovalStore(deps.redis, deps.keyPrefix);
  const out = await store.decide(approvalId, 'system', 'expire', deps.now());
  if (out.ok || out.reason !== 'expired' || !out.record) return false;
  await auditDecision(deps, out.record, 'system', 'expire', 'expired');
  await updatePlan(deps, out.record, 'expired');
  return true;
}

/** After an approval: re-read, re-plan, refuse if blockers appeared or the instance got busy, enqueue. */
async function runApproved(deps: Deps, r: ApprovalRecord): Promise<void> {
  try {
    await replanAndEnqueue(deps, r);
  } catch (err) {
    const code = err instanceof AppError ? err.code : ErrorCode.Internal;
    await auditDecision(deps, r, r.decidedBy ?? 'unknown', 'enqueue', `not started: ${code}`);
    // The plan view escapes the note itself: give it the unescaped text (AppError detail = message).
    const why = err instanceof AppError && err.userMessage ? err.message : `not started (${code})`;
    await updatePlan(deps, r, 'approved', `Not started: ${why}`);
    throw err;
  }
}

async function replanAndEnqueue(deps: Deps, r: ApprovalRecord): Promise<void> {
  const account = deps.config.accounts.get(r.account);
  if (!account) throw new AppError(ErrorCode.UnknownAccount, `Account ${r.account} is no longer configured.`);
  const req: OperationRequest = { ...r, correlationId: r.correlationId };
  const instance = r.instanceId
    ? await loadInstance(deps, account, r.region ?? '', r.instanceId, r.requester)
    : undefined;
  const plan = await plannerFor(r.op)(deps, req, instance);
  if (plan.blockers.length) {
    const why = `the instance changed since the request: ${plan.blockers.join('; ')}.`;
    throw new AppError(ErrorCode.Precondition, esc(why), { detail: why });
  }
  const holder = instance
    ? await new InstanceLock(deps.redis, deps.keyPrefix).holder(r.account, instance.region, instance.id)
    : undefined;
  if (holder)
    throw new AppError(ErrorCode.Busy, `busy: ${holder.op} by ${holder.user}, started ${holder.startedAt}`);
  await updatePlan(deps, r, 'approved');
  const payload = {
    correlationId: r.correlationId,
    requester: r.requester,
    approver: r.decidedBy,
    approvalId: r.id,
    account: r.account,
    region: r.region,
    instanceId: r.instanceId,
    params: { ...r.params, ...(instance?.name ? { name: instance.name } : {}) },
    channel: r.channel,
    messageTs: r.messageTs,
    threadTs: r.threadTs,
    title: plan.title,
    responseUrl: r.responseUrl,
  };
  await enqueueOperation(deps, r.op, payload, r.id);
}

/** Updates the plan message in place: who decided, when, buttons gone. Best effort. */
async function updatePlan(deps: Deps, r: ApprovalRecord, state: PlanState, note?: string): Promise<void> {
  if (!r.channel || !r.messageTs) return;
  const stored = await new ApprovalStore(deps.redis, deps.keyPrefix).getPlan(r.id);
  const plan = stored ?? { title: `${r.op} ${r.instanceId ?? ''}`, steps: [], warnings: [], blockers: [] };
  const msg = planMessage({
    op: r.op,
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

function auditDecision(
  deps: Deps,
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
    detail: { approvalId: r.id, requester: r.requester },
  });
}
