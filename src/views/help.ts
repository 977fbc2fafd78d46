import type { SlackMessage } from '../slack/message';
import { section } from './blocks';
import { esc } from './text';

/** Usage lines (derived from the command table), optionally led by why they are shown. Pure. */
export function helpView(lines: { usage: string; help: string }[], lead?: string): SlackMessage {
  const body = lines.map((l) => `\`${esc(l.usage)}\` — ${esc(l.help)}`).join('\n');
  const text = lead ? `${lead}\n${body}` : body;
  return {
    text,
    blocks: [...(lead ? [section(lead)] : []), section(`*ec2-ops-bot* — usage\n${body}`)],
  };
}
