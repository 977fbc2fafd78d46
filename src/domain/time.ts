/** Relative and absolute times for messages. Pure. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * How far away `at` is, never rounded up: a deadline is never said to be later than it is.
 * - under a minute: "now";
 * - under an hour: "in 45 min";
 * - under a day: "in 5 h" or "in 5 h 20 min" (hours and whole minutes);
 * - under a week: "in 1 day 14 h" (days and whole hours: 1.6 days is "in 1 day 14 h", never "in 2 days"
 *   and never a bare "in 1 day");
 * - a week or more: whole days, "in 12 days" (the Slack date beside it gives the exact time).
 * The second unit is left out when it is zero ("in 3 days", "in 2 h"). The past reads "2 h ago".
 */
export function relativeTime(at: Date, now: Date): string {
  const diff = at.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < MINUTE) return 'now';
  const phrase = spell(abs);
  return diff >= 0 ? `in ${phrase}` : `${phrase} ago`;
}

function spell(ms: number): string {
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  if (ms >= 7 * DAY || h === 0) return plural(d, 'day');
  return `${plural(d, 'day')} ${h} h`;
}

/**
 * A moment inside text made where no reader is known (planner `why` lines, operation steps and results,
 * refusals): `{date:<epoch ms>}`. Views turn it into a Slack date in the reader's time zone
 * (src/views/time.ts `withDates`), never a raw ISO or UTC string.
 */
export const dateToken = (at: Date | number): string =>
  `{date:${Math.round(typeof at === 'number' ? at : at.getTime())}}`;

/** "2026-11-24 10:00 UTC": the fallback text of a Slack date token and what logs show. */
export function utcStamp(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Parses an ISO time; undefined for missing or invalid input. */
export function parseTime(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
