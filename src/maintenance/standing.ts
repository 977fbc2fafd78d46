import type { MaintenanceConfig } from '../config/maintenanceSchema';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import type { Logger } from '../logger';
import { type MaintenancePlan, type PlannedItem, planMaintenance } from '../planner/plan';
import type { PlanRecord } from '../planner/record';
import { emptyStanding, type StandingRecord } from '../planner/standingRecord';
import { scanEvents } from '../query/scanEvents';
import type { StandingStore } from '../stores/standingStore';
import type { EventRow } from '../views/events';
import { refreshCoverage } from './coverage';
import { eventKeyOf, windowPlacement } from './standingFacts';
import { renderStanding } from './standingMessage';
import { AUTO_CODES, applyByPolicy, proposeAdditions, SWEEP_DAYS, settleAdditions } from './standingPlans';

/** Plans of people (`/ec2 maintenance plan`) and of the standing plan that still cover their events. */
const ACTIVE = new Set(['proposed', 'approved', 'running', 'paused']);
const ACTOR = 'maintenance-sweep';

export interface SweepResult {
  skipped?: 'not-watched' | 'busy';
  events: number;
  applied: number;
  proposed: number;
  left: number;
  placed: number;
}

const keysOf = (p: MaintenancePlan): string[] =>
  [...p.waves.flatMap((w) => w.items), ...p.unplanned].map((i) => i.key);

/**
 * Events a plan already covers: a person's active plan (planned or left with its reason), a running or
 * approved standing plan, or a move already done whose event still starts where the plan put it.
 */
async function coveredKeys(
  deps: Deps,
  alias: string,
  s: StandingRecord,
  rows: EventRow[],
): Promise<{ others: Set<string>; ours: Set<string> }> {
  const store = deps.stores.plans;
  const others = new Set<string>();
  for (const r of await store.recent(200))
    if (!r.standing && ACTIVE.has(r.state) && r.accounts.includes(alias))
      for (const k of keysOf(r.plan)) others.add(k);
  const starts = new Map(rows.map((r) => [eventKeyOf(r.event), r.event.notBefore]));
  const ours = new Set<string>();
  const records = await Promise.all(s.planIds.map((id) => store.get(id)));
  for (const r of records.filter((x): x is PlanRecord => !!x)) {
    for (const i of r.plan.waves.flatMap((w) => w.items)) {
      const moved = i.action === 'reschedule' && Date.parse(starts.get(i.key) ?? '') === Date.parse(i.at);
      if (ACTIVE.has(r.state) || moved) ours.add(i.key);
    }
  }
  return { others, ours };
}

function auto(cfg: MaintenanceConfig, i: PlannedItem): boolean {
  return cfg.auto_approve.includes('reschedule') && i.action === 'reschedule' && AUTO_CODES.has(i.code);
}

/** One sweep of one account's standing plan (the `maintenance-sweep` job), under the account's lock. */
export async function sweepAccount(deps: Deps, alias: string, log: Logger): Promise<SweepResult> {
  const account = deps.config.accounts.get(alias);
  const cfg = account?.maintenance;
  const none = { events: 0, applied: 0, proposed: 0, left: 0, placed: 0 };
  if (!account || !cfg?.watch) return { ...none, skipped: 'not-watched' };
  const store = deps.stores.standing;
  if (!(await store.lock(alias, 5 * 60_000))) return { ...none, skipped: 'busy' };
  try {
    return await sweepLocked(deps, account, cfg, store, log);
  } finally {
    await store.unlock(alias);
  }
}

async function sweepLocked(
  deps: Deps,
  account: Account,
  cfg: MaintenanceConfig,
  store: StandingStore,
  log: Logger,
): Promise<SweepResult> {
  const now = deps.now();
  const s = (await store.get(account.alias)) ?? emptyStanding(account.alias);
  s.channel ??= account.alert_channel ?? deps.config.defaultAlertChannel;
  await settleAdditions(deps, s);
  const scan = await scanEvents(deps, [account], undefined, { requester: ACTOR });
  for (const f of scan.failures) log.warn({ failure: f }, 'standing plan: part of the scan is missing');
  const { others, ours } = await coveredKeys(deps, account.alias, s, scan.rows);
  const open = scan.rows.filter((r) => !others.has(eventKeyOf(r.event)) && !ours.has(eventKeyOf(r.event)));
  const { placed, rest } = await windowPlacement(deps, account, open, ACTOR);
  const plan = planMaintenance({
    rows: rest,
    config: (a) => deps.config.accounts.get(a)?.maintenance,
    now,
    days: SWEEP_DAYS,
  });
  const items = plan.waves.flatMap((w) => w.items);
  // The runs of this sweep's moves report in the message's thread: the message exists first.
  if (!s.ts && scan.rows.length) await renderStanding(deps, account, s, false);
  const applied = await applyByPolicy(deps, account, s, plan, (i) => auto(cfg, i), now);
  const added = await proposeAdditions(deps, account, s, plan, (i) => !auto(cfg, i), now);
  s.placed = placed;
  s.left = plan.unplanned;
  s.inOtherPlans = scan.rows.map((r) => eventKeyOf(r.event)).filter((k) => others.has(k));
  await refreshCoverage(deps, account, s, scan.rows, now, ACTOR);
  stamp(s, scan.rows, now);
  s.lastSweep = now.toISOString();
  await store.put(s); // what the message will show is in Redis before the message (a click reads it)
  await renderStanding(deps, account, s, added);
  await store.put(s);
  log.info(
    { account: account.alias, events: scan.rows.length, applied, planned: items.length, left: s.left.length },
    'standing plan swept',
  );
  return {
    events: scan.rows.length,
    applied,
    proposed: items.length - applied,
    left: s.left.length,
    placed: placed.length,
  };
}

/** When each open event was first seen and first handled (every open event is handled by a sweep). */
function stamp(s: StandingRecord, rows: EventRow[], now: Date): void {
  const keys = new Set(rows.map((r) => eventKeyOf(r.event)));
  const at = now.toISOString();
  const keep = (m: Record<string, string>) =>
    Object.fromEntries(Object.entries(m).filter(([k]) => keys.has(k)));
  s.seenAt = keep(s.seenAt);
  s.handledAt = keep(s.handledAt);
  for (const k of keys) {
    s.seenAt[k] ??= at;
    s.handledAt[k] ??= at;
  }
}
