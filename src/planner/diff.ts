import type { MaintenancePlan, PlannedItem } from './planTypes';

/** What changed since the last plan, by event (account|region|instance|code). Pure. */
export interface PlanDiff {
  /** Planned now, not planned last time (new events, or a conflict resolved). */
  added: string[];
  /** Planned last time, not now (the event is gone, or it lost its slot). */
  removed: string[];
  /** Planned both times, at another time (5 minutes or more apart) or with another action. */
  moved: { key: string; from: string; to: string }[];
  /** Nothing to compare with. */
  first: boolean;
  /** Name tags of the instances named above (by key), so the diff line names them. */
  names?: Record<string, string>;
}

/** A re-plan that shifts an item by less than this is the same plan (waves measured to the minute). */
export const DIFF_IGNORE_MS = 5 * 60_000;

const plannedOf = (p: MaintenancePlan): Map<string, PlannedItem> =>
  new Map(p.waves.flatMap((w) => w.items.map((i) => [i.key, i] as const)));

/** A move applied is the same AWS time kept: `reschedule` then `aws` at that time is no change. */
const kind = (i: PlannedItem): string => (i.action === 'reschedule' || i.action === 'aws' ? 'aws' : i.action);

const label = (i: PlannedItem): string => `${i.action} ${i.at}`;

export function diffPlans(prev: MaintenancePlan | undefined, next: MaintenancePlan): PlanDiff {
  if (!prev) return { added: [], removed: [], moved: [], first: true };
  const a = plannedOf(prev);
  const b = plannedOf(next);
  const out: PlanDiff = { added: [], removed: [], moved: [], first: false };
  const names: Record<string, string> = {};
  for (const [k, item] of b) {
    const was = a.get(k);
    if (item.name) names[k] = item.name;
    if (!was) out.added.push(k);
    else if (Math.abs(Date.parse(was.at) - Date.parse(item.at)) >= DIFF_IGNORE_MS || kind(was) !== kind(item))
      out.moved.push({ key: k, from: label(was), to: label(item) });
  }
  for (const [k, item] of a) {
    if (b.has(k)) continue;
    out.removed.push(k);
    if (item.name) names[k] = item.name;
  }
  return Object.keys(names).length ? { ...out, names } : out;
}
