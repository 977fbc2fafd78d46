/** Slack mrkdwn safety and size helpers. Pure. */

import { plainDates, withDates } from './time';

/** Escapes &, < and > so text from AWS or a user can never ping, link or format (`<!channel>`). */
export const esc = (s: unknown): string =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

/** Slack limits (docs/architecture.md §4). */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  text: 40_000,
  fieldText: 2000,
  buttonText: 75,
  headerText: 150,
} as const;

/** Cuts text to `max` characters without leaving half an escape entity. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp > -1 && amp > cut.length - 6 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** Inline code that survives any content: backticks removed, escaped. */
export const code = (s: unknown): string => `\`${esc(String(s ?? '').replace(/`/g, "'"))}\``;

const PERSON = /\{user:([UW][A-Z0-9]{2,})\}/g;

/**
 * Plain text made outside views (safe error text, step lines, operation results): escaped, then its
 * tokens resolved — `{date:…}` as a Slack date (src/views/time.ts), `{user:U…}` as a mention of one of
 * `people` (the ids the text's producer named, e.g. AppError `people`). Such text may embed AWS or user
 * strings, so a token naming anyone else — a forged one in a Name tag — is left as the bare id: it can
 * never ping. A forged date only ever shows a date.
 */
export const richText = (s: unknown, people: readonly string[] = []): string => withTokens(esc(s), people);

/** `richText` for text that is mrkdwn already (its AWS and user parts escaped by its maker). */
export const withTokens = (mrkdwn: string, people: readonly string[] = []): string =>
  withDates(mrkdwn).replace(PERSON, (_, id: string) => (people.includes(id) ? `<@${id}>` : id));

/** The same text for a notification (`text` beside blocks): UTC times, bare user ids; not escaped. */
export const plainText = (s: string): string => plainDates(s).replace(PERSON, '$1');
