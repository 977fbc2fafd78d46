import type { PlannedItem, UnplannedItem } from './plan';
import type { PlanRecord, PlanState } from './record';

const WEEK_MS = 7 * 24 * 3600_000;

/** One account's part of its latest plan over the coming week (App Home, the weekly digest). */
export interface AccountWeek {
  account: string;
  planId: string;
  state: PlanState;
  /** The plan's waves for this account that start within the week, in time order. */
  waves: { at: string; items: PlannedItem[] }[];
  /** This account's events the plan could not place (or nothing pre-empts), with AWS's own time. */
  unplanned: UnplannedItem[];
}

/** The newest plan that covers each account (a superseded plan is never the latest: a newer one exists). */
export async function latestPlans(
  store: { recent(n: number): Promise<PlanRecord[]> },
  accounts: string[],
): Promise<Map<string, PlanRecord>> {
  const out = new Map<string, PlanRecord>();
  for (const r of await store.recent(200)) {
    if (r.state === 'superseded') continue;
    for (const a of r.accounts) if (accounts.includes(a) && !out.has(a)) out.set(a, r);
  }
  return out;
}

/** A cancelled plan runs no wave: its waves are no one's maintenance any more. */
const liveWaves = (r: PlanRecord) => (r.state === 'cancelled' ? [] : r.plan.waves);

/** Keys of the account's events that a wave of the plan covers. */
export const plannedKeys = (r: PlanRecord | undefined, account: string): Set<string> =>
  new Set(
    (r ? liveWaves(r) : []).flatMap((w) => w.items.filter((i) => i.account === account).map((i) => i.key)),
  );

/** Pure: the account's waves from `now` to a week ahead, and its unplanned events. */
export function weekOf(r: PlanRecord, account: string, now: Date): AccountWeek {
  const from = now.getTime();
  const waves = liveWaves(r)
    .map((w) => ({ at: w.at, end: w.end, items: w.items.filter((i) => i.account === account) }))
    .filter((w) => w.items.length && Date.parse(w.end) > from && Date.parse(w.at) < from + WEEK_MS)
    .map(({ at, items }) => ({ at, items }));
  return {
    account,
    planId: r.id,
    state: r.state,
    waves,
    unplanned: r.plan.unplanned.filter((u) => u.account === account),
  };
}
