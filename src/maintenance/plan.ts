import type { MaintenanceConfig } from '../config/maintenanceSchema';
import type { Operation } from '../config/operations';
import {
  type AwsAction,
  type EventFacts,
  eventAction,
  eventWarnings,
  RESCHEDULE_MIN_LEAD_MS,
} from '../domain/eventAdvice';
import type { ScheduledEvent } from '../domain/events';
import { stopStartConsequences } from '../domain/instance';
import { groupOf } from './groups';
import { DEFAULT_BUDGET, Occupancy, type WaveBudget } from './occupancy';
import { type Slot, slotsOf } from './windows';

export { DEFAULT_BUDGET, type WaveBudget };

/**
 * The maintenance planner. Pure: open events with their instance facts, each account's maintenance
 * config and `now` in; waves, what cannot be planned and why out. Greedy, earliest-deadline first: each
 * event takes the earliest slot that respects its deadline, the freezes, its group's `max_unavailable`
 * (instances down at overlapping times), AZ spread inside a group and the EC2 budget of a wave.
 */

/** One open event on one instance, with the facts that decide how it lands (the events scan's row). */
export interface PlanRow extends EventFacts {
  event: ScheduledEvent;
}

/** What the bot does for an event: move AWS's start into a window, or act before AWS does. */
export type PlanAction = 'reschedule' | 'reboot' | 'recover';

export interface PlanInput {
  rows: PlanRow[];
  /** The account's maintenance block (undefined: none configured). */
  config(account: string): MaintenanceConfig | undefined;
  now: Date;
  days: number;
  budget?: WaveBudget;
}

interface ItemBase {
  /** account|region|instance|code: the same event across two plans. */
  key: string;
  account: string;
  region: string;
  instanceId: string;
  name?: string;
  code: string;
  eventId?: string;
  /** Group label ("asg:web", "tag:service=pay"); undefined: the instance is its own group. */
  group?: string;
  az?: string;
  /** When AWS acts if nobody does anything (the event's NotBefore). */
  awsAt?: string;
  why: string[];
}

export interface PlannedItem extends ItemBase {
  action: PlanAction;
  /** The operation that carries the action out (its spec, its machine). */
  op: Operation;
  params: Record<string, unknown>;
  at: string;
  end: string;
  /** The window occurrence the slot belongs to: later waves in it may start early, never after it closes. */
  windowOpen: string;
  windowClose: string;
}

export interface UnplannedItem extends ItemBase {
  awsAction: AwsAction;
  /** True: it could be acted on, but no slot fits (freeze, deadline, group limit); false: nothing pre-empts it. */
  conflict: boolean;
}

export interface Wave {
  at: string;
  end: string;
  windowOpen: string;
  windowClose: string;
  items: PlannedItem[];
}

export interface MaintenancePlan {
  now: string;
  until: string;
  waves: Wave[];
  unplanned: UnplannedItem[];
  /** EC2 mutating calls the plan will make (reschedules at approval, stops and starts in waves). */
  calls: number;
}

const ACTION_CALLS: Record<PlanAction, { mutating: number; start: number }> = {
  reschedule: { mutating: 1, start: 0 },
  reboot: { mutating: 1, start: 0 },
  recover: { mutating: 1, start: 1 },
};

/** The approval may come a while after the plan: a reschedule keeps this much beyond EC2's 60 minutes. */
export const APPROVAL_SLACK_MS = 15 * 60_000;

interface Candidate {
  action: PlanAction;
  /** Latest allowed slot start / end (epoch ms). */
  fits(slot: Slot): boolean;
  why: string;
}

export function planMaintenance(input: PlanInput): MaintenancePlan {
  const now = input.now.getTime();
  const until = now + input.days * 86_400_000;
  const budget = input.budget ?? DEFAULT_BUDGET;
  const occupancy = new Occupancy(budget);
  const slotCache = new Map<string, Slot[]>();
  const planned: PlannedItem[] = [];
  const unplanned: UnplannedItem[] = [];
  for (const row of [...input.rows].sort(byUrgency)) {
    const cfg = input.config(row.event.account);
    const base = baseOf(row, cfg);
    const c = eventAction(row.event, row, input.now);
    if (!cfg) {
      unplanned.push({
        ...base,
        awsAction: c.awsAction,
        conflict: true,
        why: ['no maintenance windows for this account — add maintenance: to its config'],
      });
      continue;
    }
    const slots = slotCache.get(row.event.account) ?? slotsOf(cfg, now, until);
    slotCache.set(row.event.account, slots);
    const cands = candidatesOf(row, c, now);
    const placed = place(row, cfg, base, cands, slots, occupancy);
    if (placed) planned.push(placed);
    else unplanned.push(unplannedOf(row, base, c, cands, slots, until, input.now));
  }
  return {
    now: input.now.toISOString(),
    until: new Date(until).toISOString(),
    waves: wavesOf(planned),
    unplanned,
    calls: planned.reduce((n, p) => n + ACTION_CALLS[p.action].mutating + ACTION_CALLS[p.action].start, 0),
  };
}

/**
 * A moment inside a `why` line: the planner is pure and knows no reader, so the view turns
 * `{date:<epoch ms>}` into Slack's date formatting (the reader's time zone), never a raw ISO string.
 */
export const dateToken = (epochMs: number): string => `{date:${Math.round(epochMs)}}`;

const ms = (s: string | undefined): number | undefined => {
  const t = s ? Date.parse(s) : Number.NaN;
  return Number.isNaN(t) ? undefined : t;
};

/** The latest moment the event leaves to act (deadline for a move, start for a pre-emption). */
const latest = (r: PlanRow): number =>
  Math.min(ms(r.event.notBeforeDeadline) ?? Infinity, ms(r.event.notBefore) ?? Infinity);

const keyOf = (e: ScheduledEvent): string => `${e.account}|${e.region}|${e.instanceId}|${e.code}`;

const byUrgency = (a: PlanRow, b: PlanRow): number =>
  latest(a) - latest(b) || keyOf(a.event).localeCompare(keyOf(b.event));

function baseOf(row: PlanRow, cfg: MaintenanceConfig | undefined): ItemBase {
  const e = row.event;
  const i = row.instance;
  return {
    key: keyOf(e),
    account: e.account,
    region: e.region,
    instanceId: e.instanceId,
    ...(i?.name ? { name: i.name } : {}),
    code: e.code,
    ...(e.eventId ? { eventId: e.eventId } : {}),
    ...(cfg && i ? { group: groupOf(i, cfg.groups.by)?.label } : {}),
    ...(i?.az ? { az: i.az } : {}),
    ...(e.notBefore ? { awsAt: e.notBefore } : {}),
    why: [],
  };
}

/** What could be done for this event, best first, each with the slots it may use. */
function candidatesOf(row: PlanRow, c: ReturnType<typeof eventAction>, now: number): Candidate[] {
  const e = row.event;
  const out: Candidate[] = [];
  const deadline = ms(e.notBeforeDeadline);
  const start = ms(e.notBefore) ?? Infinity;
  if (c.reschedulable && deadline !== undefined) {
    // ModifyInstanceEventStartTime: ≥ 60 min ahead and by NotBeforeDeadline.
    // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/reschedule-event.html
    out.push({
      action: 'reschedule',
      fits: (s) => s.start >= now + RESCHEDULE_MIN_LEAD_MS + APPROVAL_SLACK_MS && s.start <= deadline,
      why: `the deadline ${dateToken(deadline)} lets AWS's start move into a window`,
    });
  }
  // A user reboot does not clear instance-reboot (eventAdvice): only a move helps there.
  if (e.code !== 'instance-reboot') {
    // A planned wave never stops a Spot instance: a one-time Spot cannot be stopped at all and a
    // persistent one may not get its capacity back
    // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/stop-spot-instances.html).
    const preempt = row.instance?.spot ? c.preempt.filter((p) => p !== 'stop-start') : c.preempt;
    for (const p of preempt) {
      out.push({
        action: p === 'reboot-migration' ? 'reboot' : 'recover',
        fits: (s) => s.start >= now && s.end <= start,
        why:
          p === 'reboot-migration'
            ? 'reboot migration is on: a reboot before AWS acts moves it to new hardware'
            : 'EBS-backed: a stop + start before AWS acts moves it to a new host',
      });
    }
  }
  return out;
}

function place(
  row: PlanRow,
  cfg: MaintenanceConfig,
  base: ItemBase,
  cands: Candidate[],
  slots: Slot[],
  occ: Occupancy,
): PlannedItem | undefined {
  const i = row.instance;
  const group = i ? groupOf(i, cfg.groups.by) : undefined;
  const gid = group
    ? `${row.event.account}|${group.id}`
    : `${row.event.account}|${row.event.region}|${row.event.instanceId}`;
  const unit = `${row.event.account}|${row.event.region}`;
  for (const cand of cands) {
    const cost = ACTION_CALLS[cand.action];
    for (const slot of slots) {
      if (!cand.fits(slot)) continue;
      const refusal = occ.refuses(
        slot,
        gid,
        row.event.instanceId,
        i?.az,
        cfg.groups.max_unavailable,
        unit,
        cand.action === 'reschedule' ? undefined : cost,
      );
      if (refusal) continue;
      occ.take(slot, gid, row.event.instanceId, i?.az, unit, cand.action === 'reschedule' ? undefined : cost);
      return {
        ...base,
        action: cand.action,
        op: cand.action,
        params:
          cand.action === 'reschedule'
            ? { eventId: row.event.eventId, notBefore: new Date(slot.start).toISOString() }
            : {},
        at: new Date(slot.start).toISOString(),
        end: new Date(slot.end).toISOString(),
        windowOpen: new Date(slot.open).toISOString(),
        windowClose: new Date(slot.close).toISOString(),
        why: [
          cand.why,
          ...(group ? [`group ${group.label}: at most ${cfg.groups.max_unavailable} down at once`] : []),
          ...costsOf(row, cand.action),
        ],
      };
    }
  }
  return undefined;
}

function costsOf(row: PlanRow, action: PlanAction): string[] {
  if (action !== 'recover' || !row.instance) return [];
  return stopStartConsequences(row.instance, { instanceStore: row.instanceStore });
}

function unplannedOf(
  row: PlanRow,
  base: ItemBase,
  c: ReturnType<typeof eventAction>,
  cands: Candidate[],
  slots: Slot[],
  until: number,
  now: Date,
): UnplannedItem {
  const at = base.awsAt ? `AWS acts at ${dateToken(Date.parse(base.awsAt))}` : 'AWS acts at its own time';
  if (!cands.length) {
    const why = c.rescheduleBlocker ?? 'AWS does not allow moving it';
    const pre =
      row.event.code === 'instance-reboot'
        ? 'a reboot of your own does not clear it'
        : row.instance?.spot
          ? 'a plan does not stop a Spot instance (a one-time Spot cannot be stopped; a persistent one may not come back)'
          : 'nothing the bot runs moves it off the host';
    return {
      ...base,
      awsAction: c.awsAction,
      conflict: false,
      // what AWS's own action costs this instance (terminated, stays stopped, IP), as /ec2 events says it
      why: [`${at}: cannot move it (${why}) and ${pre}`, ...eventWarnings(row.event, row, now)],
    };
  }
  const inTime = slots.filter((s) => cands.some((k) => k.fits(s)));
  const why = !slots.length
    ? `no window opens before ${dateToken(until)} outside a freeze`
    : !inTime.length
      ? 'no window outside a freeze before its deadline'
      : 'every window before its deadline is full (group limit, AZ spread or EC2 budget)';
  return { ...base, awsAction: c.awsAction, conflict: true, why: [`${at}: ${why}`] };
}

function wavesOf(items: PlannedItem[]): Wave[] {
  const byAt = new Map<string, Wave>();
  for (const p of items) {
    const w: Wave = byAt.get(p.at) ?? {
      at: p.at,
      end: p.end,
      windowOpen: p.windowOpen,
      windowClose: p.windowClose,
      items: [],
    };
    w.items.push(p);
    if (p.end > w.end) w.end = p.end;
    if (p.windowOpen > w.windowOpen) w.windowOpen = p.windowOpen; // two accounts' windows: the later opening
    if (p.windowClose < w.windowClose) w.windowClose = p.windowClose; // …and the earlier close
    byAt.set(p.at, w);
  }
  return [...byAt.values()].sort((a, b) => a.at.localeCompare(b.at));
}
