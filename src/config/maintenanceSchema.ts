import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * `maintenance:` under `defaults` or `accounts.<alias>` (the account's wins, as a whole block):
 * weekly windows in a time zone, freezes, and how instances form groups that never go down together.
 */

const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const TIME = '([01]\\d|2[0-3]):[0-5]\\d';
/** "Tue 02:00-05:00"; an end at or before the start runs past midnight ("Sat 23:00-02:00"). */
export const WINDOW = new RegExp(`^${DAY}\\s+(${TIME})\\s*-\\s*(${TIME}|24:00)$`);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const dateOrTime = z
  .string()
  .refine(
    (s) => (DATE.test(s) || s.includes('T')) && !Number.isNaN(Date.parse(s)),
    'not a date — write "2026-12-20" (a whole day in the maintenance tz) or an ISO time "2026-12-20T18:00:00Z"',
  );

const freeze = z
  .object({ from: dateOrTime, to: dateOrTime, reason: z.string().min(1).max(200).default('freeze') })
  .strict()
  .refine((f) => !(freezeBounds(f, 'UTC').from > freezeBounds(f, 'UTC').to), {
    message: 'the freeze ends before it starts — swap from and to',
    path: ['to'],
  });

const groupBy = z.string().regex(/^(asg|tag:[^\s]{1,128})$/, 'write asg or tag:<key>, e.g. "tag:service"');

export const maintenanceSchema = z
  .object({
    tz: z.string().refine(isTimeZone, 'not an IANA time zone — write e.g. UTC or Asia/Seoul').default('UTC'),
    windows: z
      .array(z.string().regex(WINDOW, 'not a weekly window — write "Tue 02:00-05:00" (Mon…Sun, HH:MM-HH:MM)'))
      .min(1, 'list at least one window, e.g. ["Tue 02:00-05:00"]'),
    freezes: z.array(freeze).default([]),
    groups: z
      .object({
        by: z.array(groupBy).min(1, 'list at least one of asg, tag:<key>').default(['asg']),
        max_unavailable: z.number().int().min(1, 'at least 1 — one member at a time').default(1),
      })
      .strict()
      .prefault({}),
    /**
     * Fixed length of every wave (an override). Unset: each wave is as long as its work, estimated from
     * the bot's own history of the action (src/stores/durationStore.ts), plus `wave_gap_minutes`.
     */
    wave_minutes: z.number().int().min(10).max(240).optional(),
    /** Between two measured waves (not used with `wave_minutes`). */
    wave_gap_minutes: z.number().int().min(0).max(60).default(2),
    /**
     * How an Auto Scaling member is taken out for a stop + start: `standby` (EnterStandby, decrementing
     * the desired capacity, so no replacement launches), `replace` (the group terminates and replaces it),
     * `leave` (the bot does not touch it: AWS acts and the group replaces what AWS stops).
     */
    asg: z.enum(['standby', 'replace', 'leave']).default('standby'),
    /**
     * An instance AWS itself stops at its event time (instance-stop, EBS-root retirement) that no stop +
     * start pre-empts: `start` — the bot watches it from the event's time and starts it again once AWS
     * stopped it (an Auto Scaling member under `asg: standby` is put in standby before AWS's time and
     * returned to service after the start; under `asg: replace` the group replaces it instead);
     * `leave` — it stays stopped (the plan says so).
     */
    after_aws_stop: z.enum(['start', 'leave']).default('start'),
    /** A weekly digest in the account's alert channel, on this day at this time (in `tz`); absent: none. */
    digest: z
      .object({
        day: z.string().regex(new RegExp(`^${DAY}$`), 'write a day as Mon, Tue, … Sun'),
        time: z.string().regex(new RegExp(`^${TIME}$`), 'write a time as HH:MM, e.g. "09:00"'),
      })
      .strict()
      .optional(),
    // Standing plan and AWS event windows (src/maintenance/standing.ts, src/planner/eventWindows.ts).
    watch: z.boolean().default(false),
    sweep_minutes: z.number().min(0.1).max(1440).default(5),
    auto_approve: z.array(z.enum(['reschedule'], 'only reschedule may be approved by policy')).default([]),
    event_window_tag: z
      .string()
      .regex(/^[^=\s]{1,128}=[^=]{0,256}$/, 'write key=value, e.g. "ec2bot:maintenance=window"')
      .default('ec2bot:maintenance=window'),
  })
  .strict();

export type MaintenanceConfig = z.infer<typeof maintenanceSchema>;

/** A freeze as instants: a bare date is the whole day in `tz` (`to` inclusive). */
export function freezeBounds(f: { from: string; to: string }, tz: string): { from: number; to: number } {
  return { from: dayEdge(f.from, tz, 'start'), to: dayEdge(f.to, tz, 'end') };
}

function dayEdge(s: string, tz: string, edge: 'start' | 'end'): number {
  if (!DATE.test(s)) return Date.parse(s);
  const day = DateTime.fromISO(s, { zone: tz }).startOf('day');
  return (edge === 'end' ? day.plus({ days: 1 }) : day).toMillis();
}
