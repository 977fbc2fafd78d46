import { DateTime } from 'luxon';
import type { MaintenanceConfig } from '../config/maintenanceSchema';
import type { ScheduledEvent } from '../domain/events';
import type { EventWindow, HourRange } from '../domain/eventWindow';
import type { InstanceInfo } from '../domain/instance';
import { parseWindow } from './windows';

/**
 * AWS's instance event windows next to the config's `windows`. Pure. AWS's rules
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/event-windows.html, "Considerations"): all times
 * UTC, whole hours; each time range at least 2 hours, all ranges together at least 4 hours a week; a
 * target (instance id, tag, Dedicated Host) belongs to one window only. Event windows apply only to
 * scheduled events that stop, reboot or terminate an instance — not to network maintenance
 * (`system-maintenance`), expedited events or automatic recovery.
 */
export const EVENT_WINDOW_RULE =
  'AWS requires each event-window time range to be at least 2 hours and all ranges together at least 4 hours a week (UTC, whole hours)';

const WEEK_H = 7 * 24;
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Event codes an event window places (stop, reboot, terminate); `system-maintenance` is network/power. */
const WINDOWED = new Set(['instance-stop', 'instance-retirement', 'instance-reboot', 'system-reboot']);

const hourOfWeek = (day: number, hour: number): number => day * 24 + hour;
export const rangeHours = (r: HourRange): number =>
  (hourOfWeek(r.endDay, r.endHour) - hourOfWeek(r.startDay, r.startHour) + WEEK_H) % WEEK_H || WEEK_H;

export const rangeText = (r: HourRange): string =>
  `${DAY_NAMES[r.startDay]} ${String(r.startHour).padStart(2, '0')}:00–${r.endDay === r.startDay ? '' : `${DAY_NAMES[r.endDay]} `}${String(r.endHour).padStart(2, '0')}:00 UTC`;

export interface ConfigRanges {
  ranges: HourRange[];
  /** What the conversion changed (a window not on whole UTC hours is narrowed to them). */
  notes: string[];
  /** Why AWS would refuse these ranges (empty: it accepts them). */
  refusals: string[];
}

/**
 * The config's weekly windows (wall clock in `tz`) as AWS's UTC hour ranges, for the week of `now` (a DST
 * change moves them: `windows apply` again after one). Minutes are narrowed inward to whole hours.
 */
export function configRanges(cfg: MaintenanceConfig, now: Date): ConfigRanges {
  const notes: string[] = [];
  const ranges: HourRange[] = [];
  const monday = DateTime.fromJSDate(now, { zone: cfg.tz }).startOf('week');
  for (const w of cfg.windows.map(parseWindow)) {
    const open = monday.plus({ days: w.weekday - 1, minutes: w.startMin }).toUTC();
    const close = open.plus({ minutes: w.length });
    const start = open.minute || open.second ? open.startOf('hour').plus({ hours: 1 }) : open;
    const end = close.startOf('hour');
    if (!start.equals(open) || !end.equals(close))
      notes.push(`${w.text} (${cfg.tz}) is not on whole UTC hours: narrowed to whole hours`);
    if (end <= start) {
      notes.push(`${w.text} (${cfg.tz}) holds no whole UTC hour: left out`);
      continue;
    }
    ranges.push({
      startDay: start.weekday % 7,
      startHour: start.hour,
      endDay: end.weekday % 7,
      endHour: end.hour,
    });
  }
  return { ranges, notes, refusals: refusalsOf(ranges) };
}

/** Why AWS would refuse the ranges, each with the rule (empty: accepted). */
export function refusalsOf(ranges: HourRange[]): string[] {
  const out = ranges
    .filter((r) => rangeHours(r) < 2)
    .map((r) => `${rangeText(r)} is ${rangeHours(r)} h — ${EVENT_WINDOW_RULE}`);
  const total = ranges.reduce((n, r) => n + rangeHours(r), 0);
  if (!ranges.length) out.push(`no time range — ${EVENT_WINDOW_RULE}`);
  else if (total < 4) out.push(`${total} h a week in all — ${EVENT_WINDOW_RULE}`);
  return out;
}

const key = (r: HourRange) => `${r.startDay}.${r.startHour}.${r.endDay}.${r.endHour}`;

export const sameRanges = (a: HourRange[], b: HourRange[]): boolean =>
  a.map(key).sort().join() === b.map(key).sort().join();

/** Whether the instant falls inside one of the weekly UTC ranges. */
export function insideRanges(ranges: HourRange[], at: Date): boolean {
  const d = DateTime.fromJSDate(at, { zone: 'UTC' });
  const h = hourOfWeek(d.weekday % 7, d.hour) + d.minute / 60;
  return ranges.some((r) => {
    const from = hourOfWeek(r.startDay, r.startHour);
    return (h - from + WEEK_H) % WEEK_H < rangeHours(r);
  });
}

export const parseTag = (tag: string): { key: string; value: string } => {
  const at = tag.indexOf('=');
  return { key: tag.slice(0, at), value: tag.slice(at + 1) };
};

/** The window that targets this instance (by id or by one of its tags), if any. */
export function windowFor(
  windows: EventWindow[],
  i: Pick<InstanceInfo, 'id' | 'tags'> | undefined,
  instanceId: string,
): EventWindow | undefined {
  return windows.find(
    (w) =>
      w.targets.instanceIds.includes(instanceId) ||
      (!!i && w.targets.tags.some((t) => i.tags[t.key] === t.value)),
  );
}

/**
 * An event AWS already placed inside the instance's associated event window (its start, and its end where
 * AWS gives one): the planner counts it as placed. Network maintenance is never placed by a window.
 */
export function placedByWindow(
  e: Pick<ScheduledEvent, 'code' | 'notBefore' | 'notAfter'>,
  w: EventWindow | undefined,
): boolean {
  if (!w || !WINDOWED.has(e.code) || !e.notBefore) return false;
  const lastHour = e.notAfter ? new Date(Date.parse(e.notAfter) - 60_000) : undefined;
  return insideRanges(w.ranges, new Date(e.notBefore)) && (!lastHour || insideRanges(w.ranges, lastHour));
}
