import type { WebDeps } from '../deps';
import { AppError, ErrorCode } from '../errors/appError';
import { MAINTENANCE_PLAN } from '../jobs/maintenancePlan';
import { auditDecision } from '../ops/decision';
import { isMember } from '../ops/members';
import type { PlanRecord } from '../planner/record';
import { refreshMessage, startStage, startWatches } from './schedule';

export interface PlanClick {
  planId: string;
  user: string;
  channelId?: string;
  messageTs?: string;
  correlationId: string;
}

async function load(deps: WebDeps, c: PlanClick): Promise<PlanRecord> {
  const r = await deps.stores.plans.get(c.planId);
  if (!r) throw new AppError(ErrorCode.BadInput, 'This maintenance plan no longer exists.');
  if (c.messageTs && (r.channel !== c.channelId || r.ts !== c.messageTs))
    throw new AppError(ErrorCode.Forbidden, 'This button does not belong to that plan.');
  return r;
}

/** Accounts of the plan this user approves for (every account with planned work, for cancel/retry). */
async function approverOf(deps: WebDeps, r: PlanRecord, user: string): Promise<string[]> {
  const out: string[] = [];
  for (const alias of Object.keys(r.approvals)) {
    const a = deps.config.accounts.get(alias);
    if (a && (await isMember(deps, a.approvers, user))) out.push(alias);
  }
  return out;
}

/**
 * Approve plan (web process: Redis and Slack only). Each account's part is its own approval record
 * (src/stores/approvalStore.ts: expiry, self-approval and a second click decided atomically); the user approves
 * every part they are an approver for. When every part is approved the first stage is enqueued.
 */
export async function approvePlan(deps: WebDeps, c: PlanClick): Promise<PlanRecord> {
  const r = await load(deps, c);
  if (r.state !== 'proposed')
    throw new AppError(ErrorCode.AlreadyDecided, `This plan is ${r.state}; run /ec2 maintenance plan again.`);
  const mine = (await approverOf(deps, r, c.user)).filter((a) => !r.approvedBy[a]);
  if (!mine.length)
    throw new AppError(
      ErrorCode.Forbidden,
      `You are not an approver for ${Object.keys(r.approvals)
        .filter((a) => !r.approvedBy[a])
        .join(', ')}.`,
    );
  const approvals = deps.stores.approvals;
  const decided: string[] = [];
  const refused: string[] = [];
  for (const alias of mine) {
    const out = await approvals.decide(r.approvals[alias] ?? '', c.user, 'approve', deps.now());
    const rec = out.record ?? (await approvals.get(r.approvals[alias] ?? ''));
    if (rec)
      await auditDecision(deps, rec, c.user, 'approve', out.ok ? 'approved' : `refused: ${out.reason}`);
    if (out.ok) decided.push(alias);
    else
      refused.push(
        `${alias}: ${out.reason === 'self' ? 'you requested it and self-approval is off' : out.reason}`,
      );
  }
  const store = deps.stores.plans;
  const next = await store.update(r.id, (x) => {
    if (x.state !== 'proposed') return undefined;
    const approvedBy = { ...x.approvedBy, ...Object.fromEntries(decided.map((a) => [a, c.user])) };
    const all = Object.keys(x.approvals).every((a) => approvedBy[a]);
    return { ...x, approvedBy, state: all ? 'approved' : 'proposed' };
  });
  if (next) await refreshMessage(deps, next);
  if (next?.state === 'approved' && decided.length) {
    await startStage(deps, next, 0);
    await startWatches(deps, next);
  }
  if (refused.length && !decided.length)
    throw new AppError(ErrorCode.Forbidden, `Not approved — ${refused.join('; ')}.`);
  return next ?? r;
}

/** Cancel (command) or Abort (button): approvers of the plan's accounts; running operations finish. */
export async function cancelPlan(deps: WebDeps, c: PlanClick): Promise<PlanRecord> {
  const r = await load(deps, c);
  if (!(await approverOf(deps, r, c.user)).length)
    throw new AppError(ErrorCode.Forbidden, "Only an approver of the plan's accounts can cancel it.");
  const next = await deps.stores.plans.update(r.id, (x) =>
    ['proposed', 'approved', 'running', 'paused'].includes(x.state)
      ? { ...x, state: 'cancelled', cancelledBy: c.user }
      : undefined,
  );
  if (next?.state !== 'cancelled' || next.cancelledBy !== c.user)
    throw new AppError(ErrorCode.AlreadyDecided, `This plan is already ${next?.state ?? r.state}.`);
  await deps.audit.record({
    kind: 'decision',
    actor: c.user,
    action: 'cancel maintenance',
    result: 'cancelled',
    correlationId: r.correlationId,
    detail: { planId: r.id },
  });
  await refreshMessage(deps, next);
  return next;
}

/** Retry (the stage's failed items again) or Skip (leave them, go on) on a stopped plan. */
export async function resumePlan(deps: WebDeps, c: PlanClick, how: 'retry' | 'skip'): Promise<PlanRecord> {
  const r = await load(deps, c);
  if (!(await approverOf(deps, r, c.user)).length)
    throw new AppError(ErrorCode.Forbidden, "Only an approver of the plan's accounts can resume it.");
  const attempt = Date.now() % 1_000_000; // a fresh job id per click; a double click is refused below
  let applied = false;
  const next = await deps.stores.plans.update(r.id, (x) => {
    applied = x.state === 'paused';
    if (!applied) return undefined;
    const items =
      how === 'skip'
        ? Object.fromEntries(
            Object.entries(x.items).map(([k, s]) => [k, s === 'failed' ? 'skipped' : s] as const),
          )
        : x.items;
    return {
      ...x,
      state: 'running',
      failure: undefined,
      items,
      stage: how === 'skip' ? x.stage + 1 : x.stage,
    };
  });
  if (!next || !applied)
    throw new AppError(ErrorCode.AlreadyDecided, `This plan is ${next?.state ?? r.state}.`);
  await deps.audit.record({
    kind: 'decision',
    actor: c.user,
    action: `${how} maintenance`,
    result: 'ok',
    correlationId: r.correlationId,
    detail: { planId: r.id, stage: next.stage },
  });
  await refreshMessage(deps, next);
  await startStage(deps, next, next.stage, how === 'retry' ? attempt + 1 : 0);
  return next;
}

/** Re-plan: the same target and horizon, planned again (new events included). */
export async function replan(deps: WebDeps, c: PlanClick): Promise<void> {
  const r = await load(deps, c);
  await deps.queues.enqueue(
    MAINTENANCE_PLAN,
    {
      correlationId: c.correlationId,
      requester: c.user,
      channel: r.channel,
      accounts: r.accounts,
      target: r.target,
      days: r.days,
    },
    { jobId: `maintenance-plan-${c.correlationId}`, attempts: 2 },
  );
}
