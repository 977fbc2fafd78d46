import type { Mute } from '../config/types';
import type { SlackMessage } from '../slack/message';
import { context, fitBlocks, linesToSections } from './blocks';
import { code, esc } from './text';
import { slackDate } from './time';

export interface MuteRuleRow {
  account: string;
  rule: Mute;
  held: number;
}

export interface MutedRow {
  at: string;
  account: string;
  type: string;
  instances: string[];
  rule: Mute;
}

const RECENT_SHOWN = 15;

const ruleText = (m: Mute): string =>
  [m.event ? `event ${code(m.event)}` : '', m.tag ? `tag ${code(m.tag)}` : ''].filter(Boolean).join(' and ');

/** `/ec2 mutes`: every mute rule with how many alerts it held, then the newest held alerts. Pure. */
export function mutesView(rules: MuteRuleRow[], recent: MutedRow[]): SlackMessage {
  if (rules.length === 0) {
    const text =
      'No mute rules. Add `mutes:` under `defaults` or an account to hold alerts you do not want posted.';
    return { text, blocks: linesToSections([text]) };
  }
  const ruleLines = rules.map(
    (r) => `• *${esc(r.account)}* — ${ruleText(r.rule)}: held ${r.held} alert${r.held === 1 ? '' : 's'}`,
  );
  const recentLines = recent
    .slice(0, RECENT_SHOWN)
    .map(
      (m) =>
        `• ${slackDate(m.at)} *${esc(m.account)}* ${code(m.type)}${m.instances.length ? ` on ${m.instances.map(code).join(', ')}` : ''} — by ${ruleText(m.rule)}`,
    );
  const held = rules.reduce((n, r) => n + r.held, 0);
  const summary = `${rules.length} mute rule${rules.length === 1 ? '' : 's'}, ${held} alert${held === 1 ? '' : 's'} held (not posted)`;
  const lines = [
    '*Mute rules*',
    ...ruleLines,
    ...(recentLines.length ? ['*Latest held alerts*', ...recentLines] : []),
  ];
  return {
    text: [summary, ...lines].join('\n'),
    blocks: fitBlocks([...linesToSections(lines), context(summary)], (n) => `${n} more blocks not shown`),
  };
}
