import type { MaintenancePlan, PlannedItem } from './plan';

/**
 * How an approved plan runs, in order. Stage 0 moves every reschedulable event (ModifyInstanceEventStartTime
 * right away: AWS then acts at the planned time). Each later stage is one wave of operations the bot runs
 * (reboot, stop + start): it may start once its window is open and the stage before it has ended — the
 * operations end when their instances pass both status checks, so no fixed spacing — and not after its
 * window closes. Pure.
 */
export interface Stage {
  label: string;
  items: PlannedItem[];
  /** Epoch ms: not before (0: at once). */
  opens: number;
  /** Epoch ms: not after (undefined: no limit). */
  closes?: number;
}

export function stagesOf(plan: MaintenancePlan): Stage[] {
  const moves = plan.waves.flatMap((w) => w.items.filter((i) => i.action === 'reschedule'));
  const out: Stage[] = moves.length ? [{ label: 'event moves', items: moves, opens: 0 }] : [];
  plan.waves.forEach((w, n) => {
    const items = w.items.filter((i) => i.action !== 'reschedule');
    if (items.length)
      out.push({
        label: `wave ${n + 1}`,
        items,
        opens: Date.parse(w.windowOpen),
        closes: Date.parse(w.windowClose),
      });
  });
  return out;
}
