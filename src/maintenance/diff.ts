import type { MaintenancePlan, PlannedItem } from './plan';

/** What changed since the last plan, by event (account|region|instance|code). Pure. */
export interface PlanDiff {
  /** Planned now, not planned last time (new events, or a conflict resolved). */
  added: string[];
  /** Planned last time, not now (the event is gone, or it lost its slot). */
  removed: string[];
  /** Planned both times, at another time or with another action. */
  moved: { key: string; from: string; to: string }[];
  /** Nothing to compare with. */
  first: boolean;
}

const plannedOf = (p: MaintenancePlan): Map<string, PlannedItem> =>
  new Map(p.waves.flatMap((w) => w.items.map((i) => [i.key, i] as const)));

const label = (i: PlannedItem): string => `${i.action} ${i.at}`;

export function diffPlans(prev: MaintenancePlan | undefined, next: MaintenancePlan): PlanDiff {
  if (!prev) return { added: [], removed: [], moved: [], first: true };
  const a = plannedOf(prev);
  const b = plannedOf(next);
  const out: PlanDiff = { added: [], removed: [], moved: [], first: false };
  for (const [k, item] of b) {
    const was = a.get(k);
    if (!was) out.added.push(k);
    else if (was.at !== item.at || was.action !== item.action)
      out.moved.push({ key: k, from: label(was), to: label(item) });
  }
  for (const k of a.keys()) if (!b.has(k)) out.removed.push(k);
  return out;
}
