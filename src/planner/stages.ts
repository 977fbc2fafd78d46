import type { MaintenancePlan, PlannedItem, UnplannedItem } from './planTypes';

/**
 * How an approved plan runs, in order. Stage 0 moves every reschedulable event (ModifyInstanceEventStartTime
 * right away: AWS then acts at the planned time). Each later stage is one wave of operations the bot runs
 * (reboot, stop + start): it may start once its window is open and the stage before it has ended — the
 * operations end when their instances pass their status checks, so no fixed spacing — and not after its
 * window closes. Events AWS acts on itself (moved, kept, left) run no stage; those AWS stops get a watch
 * (start after AWS's stop) instead. Pure.
 */
export interface Stage {
  label: string;
  items: PlannedItem[];
  /** Epoch ms: not before (0: at once). */
  opens: number;
  /** Epoch ms: not after (undefined: no limit). */
  closes?: number;
}

const botActs = (i: PlannedItem): boolean => i.action === 'reboot' || i.action === 'recover';

/** The plan's waves of bot actions (reboot, stop + start), in order: "wave k of n". */
export const botWaves = (plan: MaintenancePlan) =>
  plan.waves.map((w) => ({ ...w, items: w.items.filter(botActs) })).filter((w) => w.items.length);

export function stagesOf(plan: MaintenancePlan): Stage[] {
  const moves = plan.waves.flatMap((w) => w.items.filter((i) => i.action === 'reschedule'));
  const out: Stage[] = moves.length ? [{ label: 'event moves', items: moves, opens: 0 }] : [];
  const waves = botWaves(plan);
  waves.forEach((w, n) => {
    out.push({
      label: `wave ${n + 1} of ${waves.length}`,
      items: w.items,
      opens: Date.parse(w.windowOpen),
      closes: Date.parse(w.windowClose),
    });
  });
  return out;
}

/** Items the bot starts again after AWS's own stop (`after_aws_stop: start`), from AWS's time. */
export const watchesOf = (plan: MaintenancePlan): (PlannedItem | UnplannedItem)[] =>
  [...plan.waves.flatMap((w) => w.items), ...plan.unplanned].filter((i) => i.afterStop === 'start');

/** AWS's (moved or kept) time for a watched item. */
export const awsTimeOf = (i: PlannedItem | UnplannedItem): number | undefined => {
  const t = 'action' in i ? i.at : i.awsAt;
  return t ? Date.parse(t) : undefined;
};

/**
 * When a watch starts looking: the (moved) start of AWS's window, or, for an Auto Scaling member the bot
 * puts in standby first, that standby's time (a lead before AWS's).
 */
export const watchFrom = (i: PlannedItem | UnplannedItem): number | undefined =>
  i.standby ? Date.parse(i.standby.at) : awsTimeOf(i);

/** What an account's approval covers: every item the bot acts on, and every start after AWS's stop. */
export const approvalItems = (plan: MaintenancePlan): (PlannedItem | UnplannedItem)[] => [
  ...plan.waves.flatMap((w) => w.items).filter((i) => i.action !== 'aws' || i.afterStop === 'start'),
  ...plan.unplanned.filter((u) => u.afterStop === 'start'),
];
