/** Slack mrkdwn safety and size helpers. Pure. */

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
