/** A stretch of time (epoch ms, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

/** EC2 mutating calls a wave may spend per account-region (docs/architecture.md §4 buckets: mutating 50, Start 5). */
export interface WaveBudget {
  mutating: number;
  start: number;
}
export const DEFAULT_BUDGET: WaveBudget = { mutating: 50, start: 5 };

interface Down {
  start: number;
  end: number;
  instanceId: string;
  az?: string;
}

/**
 * The most instances down at one moment from `from` on: a count is highest at `from` or where a stretch
 * starts. Counting at moments (not every stretch that overlaps a slot) makes a group's limit a property of
 * the set of stretches, whatever order they were booked in: a second plan that books the same stretches
 * in another order accepts them all again.
 */
function mostDownAtOnce(downs: Down[], from: number): number {
  const moments = [from, ...downs.map((d) => d.start).filter((t) => t > from)];
  const at = (t: number) =>
    new Set(downs.filter((d) => d.start <= t && t < d.end).map((d) => d.instanceId)).size;
  return Math.max(0, ...moments.map(at));
}

/**
 * Who is down when, per group, and the EC2 calls each slot spends per account-region: the planner's
 * constraints. A group refuses a slot when `max_unavailable` others are down at one moment of it (windows
 * may overlap each other); one AZ never has two members of a group down at overlapping times.
 * An event AWS acts on itself (moved, kept or left) holds its group over AWS's whole NotBefore–NotAfter.
 */
export class Occupancy {
  private readonly groups = new Map<string, Down[]>();
  private readonly spent = new Map<string, { mutating: number; start: number }>();

  constructor(private readonly budget: WaveBudget) {}

  /** Why the slot cannot take this instance (undefined: it can). */
  refuses(
    slot: Span,
    group: string,
    instanceId: string,
    az: string | undefined,
    maxUnavailable: number,
    unit: string,
    cost?: { mutating: number; start: number },
  ): string | undefined {
    const overlapping = (this.groups.get(group) ?? []).filter(
      (d) => d.start < slot.end && slot.start < d.end && d.instanceId !== instanceId,
    );
    if (mostDownAtOnce(overlapping, slot.start) >= maxUnavailable) return 'group';
    if (az && overlapping.some((d) => d.az === az)) return 'az';
    if (cost) {
      const s = this.spent.get(`${unit}|${slot.start}`) ?? { mutating: 0, start: 0 };
      if (s.mutating + cost.mutating > this.budget.mutating || s.start + cost.start > this.budget.start)
        return 'budget';
    }
    return undefined;
  }

  /** Where the group's booked stretches end inside [from, to]: the next moments it may have room. */
  endsIn(group: string, from: number, to: number): number[] {
    return (this.groups.get(group) ?? []).map((d) => d.end).filter((t) => t >= from && t <= to);
  }

  take(
    slot: Span,
    group: string,
    instanceId: string,
    az: string | undefined,
    unit: string,
    cost?: { mutating: number; start: number },
  ): void {
    const list = this.groups.get(group) ?? [];
    list.push({ start: slot.start, end: slot.end, instanceId, ...(az ? { az } : {}) });
    this.groups.set(group, list);
    if (!cost) return;
    const k = `${unit}|${slot.start}`;
    const s = this.spent.get(k) ?? { mutating: 0, start: 0 };
    this.spent.set(k, { mutating: s.mutating + cost.mutating, start: s.start + cost.start });
  }
}
