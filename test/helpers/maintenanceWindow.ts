const MIN = 60_000;
const DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const hhmm = (d: Date): string => d.toISOString().slice(11, 16);

/**
 * A weekly maintenance window (config syntax, "Tue 01:10-07:10") from an hour ago to five hours ahead,
 * in a time zone `utcOffsetHours` from UTC without DST: open now, whatever the clock says.
 */
export function openWindow(utcOffsetHours = 0): string {
  const shift = utcOffsetHours * 60 * MIN;
  const from = new Date(Date.now() + shift - 60 * MIN);
  const to = new Date(Date.now() + shift + 5 * 60 * MIN);
  return `${DOW[from.getUTCDay()]} ${hhmm(from)}-${hhmm(to)}`;
}
