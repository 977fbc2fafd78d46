import type { Account } from '../config/types';
import type { Deps } from '../deps';
import type { MaintenancePlan, PlannedItem } from '../planner/plan';
import type { PlanRecord } from '../planner/record';
import type { StandingRecord } from '../planner/standingRecord';
import { PlanStore } from '../stores/planStore';
import { approvalsFor, proposedRecord } from './propose';
import { startStage } from './schedule';

/**
 * Events whose move `auto_approve: [reschedule]` may apply with no person: AWS's own action is a reboot
 * or a maintenance it does in place. A moved `instance-stop` / `instance-retirement` ends with the instance
 * stopped at the new time — that waits for an approver.
 */
export const AUTO_CODES = new Set(['instance-reboot', 'system-reboot', 'system-maintenance']);

/** How far ahead a sweep plans (the same horizon as `/ec2 maintenance plan`'s default). */
export const SWEEP_DAYS = 14;

/** The policy's name in the audit and on the plan. */
export const POLICY_ACTOR = 'auto_approve';
const KEEP_PLANS = 50;

const only = (p: MaintenancePlan, keep: (i: PlannedItem) => boolean): MaintenancePlan => ({
  ...p,
  waves: p.waves.map((w) => ({ ...w, items: w.items.filter(keep) })).filter((w) => w.items.length),
  unplanned: [],
});

const signature = (p: MaintenancePlan | undefined): string =>
  (p?.waves ?? [])
    .flatMap((w) => w.items.map((i) => `${i.key}@${i.action}`))
    .sort()
    .join(',');

function recordOf(account: Account, s: StandingRecord, plan: MaintenancePlan, now: Date, prev?: PlanRecord) {
  const id = PlanStore.newId();
  return proposedRecord(
    {
      id,
      target: `standing:${account.alias}`,
      accounts: [account.alias],
      days: SWEEP_DAYS,
      plan,
      requester: 'maintenance-sweep',
      channel: s.channel ?? '',
      ...(s.ts ? { ts: s.ts } : {}),
      correlationId: `standing-${id}`,
      standing: account.alias,
    },
    now,
    prev,
  );
}

const remember = (s: StandingRecord, id: string) => {
  s.planIds = [...s.planIds.filter((x) => x !== id), id].slice(-KEEP_PLANS);
};

/**
 * Moves the policy approves (`auto_approve: [reschedule]`): one approved plan record, audited as approved
 * by policy, run by the planner's own stages (ModifyInstanceEventStartTime through the reschedule spec).
 */
export async function applyByPolicy(
  deps: Deps,
  account: Account,
  s: StandingRecord,
  full: MaintenancePlan,
  keep: (i: PlannedItem) => boolean,
  now: Date,
): Promise<number> {
  const plan = only(full, keep);
  const items = plan.waves.flatMap((w) => w.items);
  if (!items.length || !s.channel) return 0;
  const r: PlanRecord = {
    ...recordOf(account, s, plan, now),
    state: 'approved',
    approvedBy: { [account.alias]: POLICY_ACTOR },
  };
  await deps.stores.plans.put(r);
  await deps.audit.record({
    kind: 'decision',
    actor: POLICY_ACTOR,
    action: 'approve maintenance',
    account: account.alias,
    result: `approved by policy ${POLICY_ACTOR}`,
    correlationId: r.correlationId,
    detail: { planId: r.id, items: items.map((i) => `${i.key}@${i.at}`) },
  });
  remember(s, r.id);
  const at = now.toISOString();
  s.applied = [
    ...s.applied.filter((a) => !items.some((i) => i.key === a.key)),
    ...items.map((i) => ({
      key: i.key,
      instanceId: i.instanceId,
      region: i.region,
      code: i.code,
      ...(i.name ? { name: i.name } : {}),
      at: i.at,
      appliedAt: at,
      planId: r.id,
    })),
  ].slice(-100);
  await startStage(deps, r, 0);
  return items.length;
}

/**
 * Everything else joins the proposed additions: one plan record with one approval per account, replaced
 * (superseded) only when the set of events or actions changes — not every time a slot shifts by a minute.
 * Returns true when the additions are new (the approvers may be told).
 */
export async function proposeAdditions(
  deps: Deps,
  account: Account,
  s: StandingRecord,
  full: MaintenancePlan,
  keep: (i: PlannedItem) => boolean,
  now: Date,
): Promise<boolean> {
  const store = deps.stores.plans;
  const plan = only(full, keep);
  const prev = s.additionsId ? await store.get(s.additionsId) : undefined;
  // Additions whose window has closed are stale: approved now, their wave would find it closed.
  const stale = (prev?.plan.waves ?? []).some((w) => Date.parse(w.windowClose) <= now.getTime());
  if (!stale && signature(prev?.plan) === signature(plan)) return false;
  if (prev) await supersede(deps, prev, now);
  if (!plan.waves.length) {
    s.additionsId = undefined;
    return false;
  }
  const r: PlanRecord = recordOf(account, s, plan, now, prev);
  r.approvals = await approvalsFor(deps, r);
  await store.put(r);
  s.additionsId = r.id;
  return true;
}

/** Replaced additions: the record superseded, its pending approvals withdrawn by their requester (the sweep). */
async function supersede(deps: Deps, prev: PlanRecord, now: Date): Promise<void> {
  const r = await deps.stores.plans.update(prev.id, (x) =>
    x.state === 'proposed' ? { ...x, state: 'superseded' } : undefined,
  );
  if (r?.state !== 'superseded') return;
  const approvals = deps.stores.approvals;
  for (const id of Object.values(prev.approvals)) await approvals.decide(id, prev.requester, 'reject', now);
}

/** Additions approved since the last sweep join the standing plan's approved records. */
export async function settleAdditions(deps: Deps, s: StandingRecord): Promise<void> {
  if (!s.additionsId) return;
  const r = await deps.stores.plans.get(s.additionsId);
  if (r?.state === 'proposed') return;
  if (r && r.state !== 'superseded') remember(s, r.id);
  s.additionsId = undefined;
}

/** Links the message to the records that show on it (buttons, approval links, the run's thread). */
export async function linkMessage(deps: Deps, s: StandingRecord): Promise<void> {
  if (!s.ts || !s.channel) return;
  const store = deps.stores.plans;
  const approvals = deps.stores.approvals;
  for (const id of [...s.planIds, ...(s.additionsId ? [s.additionsId] : [])]) {
    const r = await store.update(id, (x) =>
      x.ts ? undefined : { ...x, ts: s.ts, channel: s.channel ?? x.channel },
    );
    if (r && id === s.additionsId)
      for (const a of Object.values(r.approvals)) await approvals.setMessage(a, s.channel, s.ts);
  }
}
