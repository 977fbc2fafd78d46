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
 * Who is down when, per group, and the EC2 calls each slot spends per account-region: the planner's
 * constraints. Two slots of one group conflict when their times overlap (windows may overlap each other).
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
    const others = new Set(overlapping.map((d) => d.instanceId));
    if (others.size >= maxUnavailable) return 'group';
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
