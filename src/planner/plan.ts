import type { MaintenanceConfig } from '../config/maintenanceSchema';
import { type EventClass, eventAction, RESCHEDULE_MIN_LEAD_MS } from '../domain/eventAdvice';
import { stopStartConsequences } from '../domain/instance';
import { Calendars } from './calendar';
import { awsLines, type Choice, type Choices, choicesOf, standbyAtOf } from './choices';
import { type Durations, defaultDurations } from './durations';
import { groupOf } from './groups';
import { DEFAULT_BUDGET, Occupancy, type Span, type WaveBudget } from './occupancy';
import { Packer } from './packer';
import {
  dateToken,
  type ItemBase,
  type MaintenancePlan,
  type PlanAction,
  type PlanInput,
  type PlannedItem,
  type PlanRow,
  type UnplannedItem,
  type Wave,
} from './planTypes';
import { frozenBy, nextMinute, type Occurrence } from './windows';

export * from './planTypes';
export { DEFAULT_BUDGET, type WaveBudget };

/**
 * The maintenance planner. Pure: open events with their instance facts, each account's maintenance
 * config and `now` in; waves, what cannot be planned and why out. Greedy, earliest-deadline first: each
 * event takes its first choice (src/planner/choices.ts) that fits its deadline, the freezes, its
 * group's `max_unavailable` (instances down at overlapping times — AWS's whole NotBefore–NotAfter for an
 * event AWS acts on), AZ spread inside a group and the EC2 budget of a wave. Planning again once the
 * plan's moves ran makes the same plan (a wave that starts now starts at the later now): a moved event
 * then lies in a window and is kept (placed first, with the fixed times), and every other event meets
 * the bookings it met before plus ones that fit beside its own slot — limits count who is down at one
 * moment, whatever the booking order — so it takes the same first fit.
 */

const ACTION_CALLS: Record<PlanAction, { mutating: number; start: number }> = {
  reschedule: { mutating: 1, start: 0 },
  reboot: { mutating: 1, start: 0 },
  recover: { mutating: 1, start: 1 },
  aws: { mutating: 0, start: 0 },
};

/** The approval may come a while after the plan: a reschedule keeps this much beyond EC2's 60 minutes. */
export const APPROVAL_SLACK_MS = 15 * 60_000;

/**
 * Where AWS gives no NotAfter, the plan books this long from NotBefore (and says so). AWS's scheduled
 * reboot events carry a two-hour NotBefore–NotAfter span; "NotAfter: the latest scheduled end time".
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceStatusEvent.html
 */
export const NO_END_SPAN_MS = 2 * 3_600_000;

const ms = (s: string | undefined): number | undefined => {
  const t = s ? Date.parse(s) : Number.NaN;
  return Number.isNaN(t) ? undefined : t;
};

const latest = (r: PlanRow): number =>
  Math.min(ms(r.event.notBeforeDeadline) ?? Infinity, ms(r.event.notBefore) ?? Infinity);

export const eventKey = (e: PlanRow['event']): string => `${e.account}|${e.region}|${e.instanceId}|${e.code}`;

const byUrgency = (a: PlanRow, b: PlanRow): number =>
  latest(a) - latest(b) || eventKey(a.event).localeCompare(eventKey(b.event));

interface Decision {
  row: PlanRow;
  cfg: MaintenanceConfig;
  c: EventClass;
  ch: Choices;
  /** The choices that fit at all (on an empty board), best first. */
  alone: Choice[];
  base: ItemBase;
  gid: string;
}

/** The planner's working state: occupancy, one packer per maintenance config, the estimates. */
class Board {
  readonly occ: Occupancy;
  private readonly packers = new Map<string, Packer>();

  constructor(
    readonly now: number,
    readonly until: number,
    readonly budget: WaveBudget,
    readonly durations: Durations,
    readonly cals: Calendars,
  ) {
    this.occ = new Occupancy(budget);
  }

  packer(cfg: MaintenanceConfig): Packer {
    const cal = this.cals.of(cfg);
    const p = this.packers.get(cal.key) ?? new Packer(cfg, cal, this.now);
    this.packers.set(cal.key, p);
    return p;
  }

  /** The same plan's calendars and estimates, nothing booked (what fits at all). */
  empty(): Board {
    return new Board(this.now, this.until, this.budget, this.durations, this.cals);
  }
}

export function planMaintenance(input: PlanInput): MaintenancePlan {
  const now = input.now.getTime();
  const until = now + input.days * 86_400_000;
  const budget = input.budget ?? DEFAULT_BUDGET;
  const board = new Board(
    now,
    until,
    budget,
    input.durations ?? defaultDurations,
    new Calendars(now, until, NO_END_SPAN_MS),
  );
  for (const b of input.booked ?? [])
    board.occ.take(
      span(b.standby?.at ?? b.at, b.end),
      gidFor(b),
      b.instanceId,
      b.az,
      `${b.account}|${b.region}`,
    );
  const planned: PlannedItem[] = [];
  const unplanned: UnplannedItem[] = [];
  const open: Decision[] = [];
  for (const row of [...input.rows].sort(byUrgency)) {
    const cfg = input.config(row.event.account);
    const c = eventAction(row.event, row, input.now);
    if (!cfg) {
      unplanned.push({
        ...baseOf(row, c, undefined, undefined, now),
        conflict: true,
        why: ['no maintenance windows for this account — add maintenance: to its config'],
      });
      continue;
    }
    const ch = choicesOf(row, c, cfg, board.durations, input.tried?.[eventKey(row.event)] ?? []);
    const d: Decision = {
      row,
      cfg,
      c,
      ch,
      alone: [],
      base: baseOf(row, c, cfg, ch, now),
      gid: gidOf(row, cfg),
    };
    // AWS acts where nothing else can happen (no choice fits even an empty board): book that first, so
    // no bot action or move lands on top of it — and a second plan books it in the same order
    d.alone = fitsAlone(board, d);
    if (!d.alone.length) {
      unplanned.push(conflictOf(d, board, input.now));
      holdAws(board, d);
    } else open.push(d);
  }
  // Fixed times first: events that stay where AWS put them (inside a window), then everything else,
  // earliest deadline first.
  const order = (d: Decision) => (d.alone[0]?.action === 'aws' ? 0 : 1);
  for (const d of open.sort((a, b) => order(a) - order(b))) {
    const placed = place(board, d, input.now);
    if (placed) {
      planned.push(placed);
      continue;
    }
    unplanned.push(conflictOf(d, board, input.now));
    holdAws(board, d);
  }
  const watches = [...planned, ...unplanned].filter((i) => i.afterStop === 'start').length;
  return {
    now: input.now.toISOString(),
    until: new Date(until).toISOString(),
    waves: wavesOf(planned),
    unplanned,
    calls:
      planned.reduce((n, p) => n + ACTION_CALLS[p.action].mutating + ACTION_CALLS[p.action].start, 0) +
      watches,
  };
}

/**
 * The choices that would fit if nothing else were planned (none: the event is AWS's alone, a fixed time).
 * A stop-causing event that AWS lets the plan move and that already lies in a window is kept there before
 * any stop + start: that is where this plan's own move puts it when no stop + start fits, and a second plan
 * cannot tell the two apart — so it keeps the first plan's move instead of pre-empting the event.
 */
function fitsAlone(board: Board, d: Decision): Choice[] {
  const fits = d.ch.list.filter((c) => !!fitOf(board.empty(), d, c));
  const keep = fits.find((c) => c.action === 'aws');
  if (!keep || d.c.awsAction !== 'stop' || !d.c.reschedulable) return fits;
  return [keep, ...fits.filter((c) => c !== keep)];
}

const span = (a: string, b: string): Span => ({ start: Date.parse(a), end: Date.parse(b) });

/** The occupancy id of an item's group (an ASG name is unique per region, a tag value per account). */
const gidFor = (i: { account: string; region: string; group?: string; key: string }): string =>
  i.group ? `${i.account}|${i.group.startsWith('asg:') ? `${i.region}|` : ''}${i.group}` : i.key;

function gidOf(row: PlanRow, cfg: MaintenanceConfig): string {
  const e = row.event;
  const g = row.instance ? groupOf(row.instance, cfg.groups.by) : undefined;
  return gidFor({ account: e.account, region: e.region, group: g?.label, key: eventKey(e) });
}

function baseOf(
  row: PlanRow,
  c: EventClass,
  cfg: MaintenanceConfig | undefined,
  ch: Pick<Choices, 'afterStop' | 'asg'> | undefined,
  now: number,
): ItemBase {
  const afterStop = ch?.afterStop;
  const e = row.event;
  const i = row.instance;
  const from = ms(e.notBefore);
  const to = ms(e.notAfter);
  const group = cfg && i ? groupOf(i, cfg.groups.by)?.label : undefined;
  return {
    key: eventKey(e),
    account: e.account,
    region: e.region,
    instanceId: e.instanceId,
    ...(i?.name ? { name: i.name } : {}),
    code: e.code,
    ...(e.eventId ? { eventId: e.eventId } : {}),
    ...(group ? { group } : {}),
    ...(i?.az ? { az: i.az } : {}),
    awsAction: c.awsAction,
    ...(from !== undefined
      ? {
          awsAt: new Date(from).toISOString(),
          awsUntil: new Date(to !== undefined && to > from ? to : from + NO_END_SPAN_MS).toISOString(),
          ...(to !== undefined && to > from ? {} : { spanAssumed: true }),
        }
      : {}),
    ...(afterStop ? { afterStop } : {}),
    ...(ch && from !== undefined ? standbyOf(ch, from) : {}),
    why: from !== undefined && from < now ? ['AWS may be acting now (its start has passed)'] : [],
  };
}

/** The member's standby before AWS's stop at `awsAt` (epoch ms), when the plan puts it in standby. */
function standbyOf(ch: Pick<Choices, 'afterStop' | 'asg'>, awsAt: number): Pick<ItemBase, 'standby'> {
  const at = standbyAtOf(ch, awsAt);
  return ch.asg && at !== undefined
    ? { standby: { group: ch.asg.group, at: new Date(at).toISOString() } }
    : {};
}

/**
 * What an event AWS acts on holds of its group: AWS's span, from the standby before it for a member the
 * bot puts in standby first (it is out of service from then on).
 */
function held(d: Decision, s: Span): Span {
  return { start: standbyAtOf(d.ch, s.start) ?? s.start, end: s.end };
}

/** AWS's own span for the event (moved to `at` when given). */
function awsSpan(d: Decision, at?: number): Span | undefined {
  if (!d.base.awsAt || !d.base.awsUntil) return undefined;
  const from = Date.parse(d.base.awsAt);
  const len = Date.parse(d.base.awsUntil) - from;
  const start = at ?? from;
  return { start, end: start + len };
}

function holdAws(board: Board, d: Decision): void {
  const s = awsSpan(d);
  const i = d.row.instance;
  if (s && i)
    board.occ.take(
      held(d, s),
      d.gid,
      d.row.event.instanceId,
      i.az,
      `${d.row.event.account}|${d.row.event.region}`,
    );
}

function spanNote(d: Decision): string[] {
  return d.base.spanAssumed
    ? [`AWS gives no end time: the plan books ${NO_END_SPAN_MS / 3_600_000} h from its start`]
    : [];
}

function refuses(board: Board, d: Decision, s: Span, cost?: { mutating: number; start: number }) {
  const e = d.row.event;
  return board.occ.refuses(
    s,
    d.gid,
    e.instanceId,
    d.row.instance?.az,
    d.cfg.groups.max_unavailable,
    `${e.account}|${e.region}`,
    cost,
  );
}

function take(board: Board, d: Decision, s: Span, cost?: { mutating: number; start: number }): void {
  const e = d.row.event;
  board.occ.take(s, d.gid, e.instanceId, d.row.instance?.az, `${e.account}|${e.region}`, cost);
}

interface Fit {
  s: Span;
  o: Occurrence;
}

/** The first slot that fits a choice, taken; undefined: none. */
function fitOf(board: Board, d: Decision, ch: Choice): Fit | undefined {
  if (ch.action === 'aws') return keepFit(board, d);
  if (ch.action === 'reschedule') return moveFit(board, d);
  const awsAt = ms(d.base.awsAt) ?? Infinity;
  const len = ch.ms ?? 0;
  const cost = ACTION_CALLS[ch.action];
  const packer = board.packer(d.cfg);
  for (const slot of packer.slots(len)) {
    if (slot.start < board.now || slot.end > awsAt) continue;
    if (refuses(board, d, slot, cost)) continue;
    take(board, d, slot, cost);
    packer.commit(slot, len);
    return { s: slot, o: slot };
  }
  return undefined;
}

/** AWS's own window lies inside a window occurrence, outside freezes, and the group has room. */
function keepFit(board: Board, d: Decision): Fit | undefined {
  const s = awsSpan(d);
  if (!s || s.end <= board.now) return undefined;
  const cal = board.cals.of(d.cfg);
  const o = cal.stretches.find((x) => x.open <= s.start && s.end <= x.close);
  if (!o || frozenBy(s, cal.freezes) || refuses(board, d, held(d, s))) return undefined;
  take(board, d, held(d, s));
  return { s, o };
}

/**
 * The earliest start in a window that EC2 allows, AWS's whole span inside it and the group free. Room can
 * only open where the window opens, a booked stretch of the group ends or a freeze ends, so those are the
 * starts tried: the earliest that fits, whatever else was booked first.
 */
function moveFit(board: Board, d: Decision): Fit | undefined {
  const deadline = ms(d.row.event.notBeforeDeadline);
  const own = awsSpan(d);
  if (deadline === undefined || !own) return undefined;
  const len = own.end - own.start;
  const lead = own.start - held(d, own).start; // a member's standby before AWS's time
  const earliest = nextMinute(board.now + RESCHEDULE_MIN_LEAD_MS + APPROVAL_SLACK_MS);
  const cal = board.cals.of(d.cfg);
  const freezes = cal.freezes;
  for (const o of cal.stretches.filter((x) => x.open < board.until)) {
    const starts = new Set([
      Math.max(o.open, earliest),
      ...board.occ.endsIn(d.gid, o.open, o.close).map((t) => t + lead),
      ...freezes.map((f) => f.to).filter((t) => t >= o.open && t <= o.close),
    ]);
    for (const t of [...starts].sort((a, b) => a - b)) {
      const s = { start: t, end: t + len };
      if (t < earliest || t > deadline || s.end > o.close || t >= board.until) continue;
      if (frozenBy(s, freezes) || refuses(board, d, held(d, s))) continue;
      take(board, d, held(d, s));
      return { s, o };
    }
  }
  return undefined;
}

function place(board: Board, d: Decision, now: Date): PlannedItem | undefined {
  for (const ch of d.alone) {
    const fit = fitOf(board, d, ch);
    if (!fit) continue;
    const botActs = ch.action === 'reboot' || ch.action === 'recover';
    const iso = (t: number) => new Date(t).toISOString();
    const { afterStop: _drop, standby: _out, ...base } = d.base;
    return {
      ...(botActs ? base : { ...d.base, ...standbyOf(d.ch, fit.s.start) }),
      action: ch.action,
      ...(ch.action === 'aws' ? {} : { op: ch.action }),
      params: ch.action === 'reschedule' ? { eventId: d.row.event.eventId, notBefore: iso(fit.s.start) } : {},
      at: iso(fit.s.start),
      end: iso(fit.s.end),
      windowOpen: iso(fit.o.open),
      windowClose: iso(fit.o.close),
      why: [
        ...d.base.why,
        ch.why,
        ...(d.base.group
          ? [`group ${d.base.group}: at most ${d.cfg.groups.max_unavailable} down at once`]
          : []),
        ...(botActs
          ? costsOf(d.row, ch.action)
          : [...spanNote(d), ...awsLines(d.row, d.ch, now, fit.s.start)]),
      ],
    };
  }
  return undefined;
}

function costsOf(row: PlanRow, action: PlanAction): string[] {
  if (action !== 'recover' || !row.instance) return [];
  return stopStartConsequences(row.instance, { instanceStore: row.instanceStore });
}

const awsAtText = (d: Decision): string =>
  d.base.awsAt ? `AWS acts at ${dateToken(Date.parse(d.base.awsAt))}` : 'AWS acts at its own time';

function leftOf(d: Decision, now: Date): UnplannedItem {
  return {
    ...d.base,
    conflict: false,
    ...(d.ch.person ? { person: d.ch.person } : {}),
    why: [
      ...d.base.why,
      `${awsAtText(d)}: ${d.ch.noBotAction}`,
      ...spanNote(d),
      ...awsLines(d.row, d.ch, now),
    ],
  };
}

function conflictOf(d: Decision, board: Board, now: Date): UnplannedItem {
  const botChoice = d.ch.list.some((c) => c.action !== 'aws');
  if (!botChoice) return leftOf(d, now);
  const inHorizon = board.cals.of(d.cfg).occurrences.length > 0;
  const why = !inHorizon
    ? `no window opens before ${dateToken(board.until)} outside a freeze`
    : "no window fits before AWS acts (deadline, freeze, group limit over AWS's whole window, AZ spread or EC2 budget)";
  return {
    ...d.base,
    conflict: true,
    why: [...d.base.why, `${awsAtText(d)}: ${why}`, ...spanNote(d), ...awsLines(d.row, d.ch, now)],
  };
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
