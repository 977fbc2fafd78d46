/** Relative and absolute times for messages. Pure. */

const UNITS: [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
];

/** "in 3 days", "in 5 hours", "2 hours ago", "now" — the largest whole unit, rounded down. */
export function relativeTime(at: Date, now: Date): string {
  const diff = at.getTime() - now.getTime();
  const abs = Math.abs(diff);
  for (const [ms, unit] of UNITS) {
    if (abs >= ms) {
      const n = Math.floor(abs / ms);
      const phrase = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return diff >= 0 ? `in ${phrase}` : `${phrase} ago`;
    }
  }
  return 'now';
}

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
