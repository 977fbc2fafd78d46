import type { SlackMessage } from '../slack/message';
import { context, section } from './blocks';
import { code, esc } from './text';

/**
 * A fleet-wide answer while it arrives: how many accounts answered, and what they found so far, by
 * kind (event code or failing check), biggest first. The final answer replaces it. Pure.
 */
export function progressView(
  what: 'scheduled events' | 'failing status checks',
  target: string,
  done: number,
  total: number,
  found: Map<string, number>,
): SlackMessage {
  const n = [...found.values()].reduce((a, b) => a + b, 0);
  const kinds = [...found]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${code(k)} ${v}`)
    .join(' · ');
  const head = `:hourglass_flowing_sand: *${esc(what[0]!.toUpperCase() + what.slice(1))} — ${esc(target)}*: ${done} of ${total} accounts answered so far, ${n} found${kinds ? `: ${kinds}` : ''}.`;
  const note = 'The full answer replaces this message when every account has answered.';
  return { text: `${head}\n${note}`, blocks: [section(head), context(note)] };
}
