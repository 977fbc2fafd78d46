import { DateTime } from 'luxon';

export interface QuietHours {
  tz: string;
  from: string;
  to: string;
}

const minutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * Whether `now` falls in the quiet window (which may span midnight), and when it ends. Pure.
 * `from == to` means no quiet hours.
 */
export function quietWindow(
  q: QuietHours | undefined,
  now: Date,
): { quiet: false } | { quiet: true; endsAt: Date } {
  if (!q || q.from === q.to) return { quiet: false };
  const local = DateTime.fromJSDate(now, { zone: q.tz });
  const cur = local.hour * 60 + local.minute;
  const from = minutes(q.from);
  const to = minutes(q.to);
  const inside = from < to ? cur >= from && cur < to : cur >= from || cur < to;
  if (!inside) return { quiet: false };
  let end = local.startOf('day').plus({ minutes: to });
  if (end <= local) end = end.plus({ days: 1 });
  return { quiet: true, endsAt: end.toJSDate() };
}

/**
 * "Until morning": the end of the account's quiet hours when it has them, else 08:00 in `tz` (the
 * snoozing user's Slack time zone, else UTC) — the next such time after `now`. Pure.
 */
export function nextMorning(now: Date, q: QuietHours | undefined, tz = 'UTC'): Date {
  const zone = q && q.from !== q.to ? q.tz : tz;
  const at = q && q.from !== q.to ? minutes(q.to) : 8 * 60;
  const local = DateTime.fromJSDate(now, { zone });
  let next = local.startOf('day').plus({ minutes: at });
  if (next <= local) next = next.plus({ days: 1 });
  return next.toJSDate();
}
