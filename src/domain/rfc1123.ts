const RFC1123 =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Thu, 27 Aug 2026 13:19:03 GMT` → Date (UTC); ISO strings are accepted too; else undefined. */
export function parseAwsTime(s: unknown): Date | undefined {
  if (typeof s !== 'string') return undefined;
  const m = RFC1123.exec(s.trim());
  if (m) {
    const [, d, mon, y, hh, mm, ss] = m;
    const t = Date.UTC(Number(y), MONTHS.indexOf(mon ?? ''), Number(d), Number(hh), Number(mm), Number(ss));
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const t = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  return undefined;
}
