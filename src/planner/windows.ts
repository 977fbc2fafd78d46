import { DateTime } from 'luxon';
import { freezeBounds, type MaintenanceConfig, WINDOW } from '../config/maintenanceSchema';

/** One wave-sized slot of a maintenance window occurrence (epoch ms, end exclusive). */
export interface Slot {
  start: number;
  end: number;
  /** The window it belongs to, as configured ("Tue 02:00-05:00"), and that occurrence's bounds. */
  window: string;
  open: number;
  close: number;
}

/** A freeze that covers part of the horizon. */
export interface FreezeSpan {
  from: number;
  to: number;
  reason: string;
}

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

interface WeeklyWindow {
  text: string;
  weekday: number;
  startMin: number;
  /** Length in minutes (a window past midnight wraps into the next day). */
  length: number;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

export function parseWindow(text: string): WeeklyWindow {
  const m = WINDOW.exec(text.trim());
  if (!m) throw new Error(`not a window: ${text}`); // the config schema refused it already
  const startMin = minutesOf(m[2] ?? '');
  const endMin = minutesOf(m[4] ?? '');
  const length = endMin > startMin ? endMin - startMin : endMin + 24 * 60 - startMin;
  return { text: text.trim(), weekday: WEEKDAY[m[1] ?? ''] ?? 1, startMin, length };
}

/** Freezes as instants, in the maintenance tz (a bare date is the whole day). */
export function freezesOf(cfg: MaintenanceConfig): FreezeSpan[] {
  return cfg.freezes.map((f) => ({ ...freezeBounds(f, cfg.tz), reason: f.reason }));
}

export const frozenBy = (s: { start: number; end: number }, freezes: FreezeSpan[]): FreezeSpan | undefined =>
  freezes.find((f) => s.start < f.to && f.from < s.end);

/** One occurrence of a weekly window (epoch ms, end exclusive). */
export interface Occurrence {
  window: string;
  open: number;
  close: number;
}

/**
 * Occurrences of the weekly windows (in the config's tz, so a DST change moves them with the wall clock)
 * that end after `now` and open before `until`, in time order.
 */
export function occurrencesOf(cfg: MaintenanceConfig, now: number, until: number): Occurrence[] {
  const out: Occurrence[] = [];
  const first = DateTime.fromMillis(now, { zone: cfg.tz }).startOf('day').minus({ days: 1 });
  const days = Math.ceil((until - now) / 86_400_000) + 2;
  for (const w of cfg.windows.map(parseWindow)) {
    for (let d = 0; d <= days; d++) {
      const day = first.plus({ days: d });
      if (day.weekday !== w.weekday) continue;
      const open = day.plus({ minutes: w.startMin }).toMillis();
      const close = day.plus({ minutes: w.startMin + w.length }).toMillis();
      if (close > now && open < until) out.push({ window: w.text, open, close });
    }
  }
  return out.sort((a, b) => a.open - b.open || a.window.localeCompare(b.window));
}

/**
 * The occurrences with back-to-back ones joined ("Mon 00:00-24:00" and "Tue 00:00-24:00" are one stretch):
 * AWS's span must lie inside one stretch, and a span across midnight of two such days does.
 */
export function stretchesOf(cfg: MaintenanceConfig, now: number, until: number): Occurrence[] {
  const out: Occurrence[] = [];
  for (const o of occurrencesOf(cfg, now, until)) {
    const last = out.at(-1);
    if (last && o.open <= last.close) last.close = Math.max(last.close, o.close);
    else out.push({ ...o });
  }
  return out;
}

/** `now` rounded up to the minute: the earliest a wave starts. */
export const nextMinute = (now: number): number => Math.ceil(now / 60_000) * 60_000;

/**
 * The window occurrences cut into fixed `waveMs` slots (the `wave_minutes` override). A window open now
 * starts its first slot now (rounded up to the minute); a slot never runs past its window's end. Slots
 * inside a freeze are left out.
 */
export function slotsOf(cfg: MaintenanceConfig, now: number, until: number, waveMs?: number): Slot[] {
  const len = waveMs ?? (cfg.wave_minutes ?? 30) * 60_000;
  const freezes = freezesOf(cfg);
  const out: Slot[] = [];
  for (const o of occurrencesOf(cfg, now, until)) {
    for (
      let start = Math.max(o.open, nextMinute(now));
      start + len <= o.close && start < until;
      start += len
    ) {
      const slot = { start, end: start + len, ...o };
      if (!frozenBy(slot, freezes)) out.push(slot);
    }
  }
  return out.sort((a, b) => a.start - b.start || a.window.localeCompare(b.window));
}
