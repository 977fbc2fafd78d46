import { utcStamp } from '../domain/time';

/**
 * The one time formatter of every view: a time a person reads is a Slack date token, shown in the
 * reader's own time zone, with a UTC fallback text for clients that cannot format it
 * (`<!date^EPOCH^{date_short_pretty} {time}|2026-11-21 12:03 UTC>`).
 * https://docs.slack.dev/messaging/formatting-message-text/#date-formatting
 * Pure.
 */
const FORMATS = {
  /** "today 14:03", "Nov 23 02:00" */
  when: '{date_short_pretty} {time}',
  /** "14:03": a line whose day is plain (an alert's last repeat, its outcome). */
  time: '{time}',
} as const;
export type TimeStyle = keyof typeof FORMATS;

const epochMs = (at: Date | number | string | undefined): number =>
  at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at ?? '');

/** A moment as a Slack date token; '' for a missing or invalid time. */
export function slackDate(at: Date | number | string | undefined, style: TimeStyle = 'when'): string {
  const ms = epochMs(at);
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  const fallback = style === 'time' ? `${d.toISOString().slice(11, 16)} UTC` : utcStamp(d);
  return `<!date^${Math.floor(ms / 1000)}^${FORMATS[style]}|${fallback}>`;
}

/**
 * Escaped text whose moments are `{date:<epoch ms>}` tokens (src/domain/time.ts `dateToken`: the
 * planner, operation steps and results, refusals) with each token as a Slack date.
 */
export const withDates = (escaped: string): string =>
  escaped.replace(/\{date:(\d{1,15})\}/g, (_, t: string) => slackDate(Number(t)));

/** The same text for a notification (a message's `text` beside its blocks): each token as its UTC time. */
export const plainDates = (text: string): string =>
  text.replace(/\{date:(\d{1,15})\}/g, (_, t: string) => utcStamp(new Date(Number(t))));
