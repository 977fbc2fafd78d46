import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { ACTION, indexedActionId } from '../actionIds';
import type { Alert, AlertMarks } from '../domain/alert';
import { isResolved } from '../domain/alert';
import { mentions } from '../domain/mentions';
import type { SlackMessage } from '../slack/message';
import { alertHint, alertTitle, entityLine, fmtTime } from './alertText';
import { context, header, linesToSections, section } from './blocks';
import { code, esc, truncate } from './text';

export interface AlertViewInput {
  alert: Alert;
  marks: AlertMarks;
  /** The account's on-call principals (mentioned while an urgent alert is open and unacknowledged). */
  oncall: string[];
  headInstances: number;
}

const confirmFor = (op: 'recover' | 'reboot' | 'backup', instanceId: string) => {
  const texts = {
    recover:
      'Stop and start it on healthy hardware. Instance-store data is lost; the public IPv4 changes unless an Elastic IP is attached.',
    reboot: 'Reboot the operating system (same host, same IPs).',
    backup: 'Create an AMI of it (no reboot).',
  } as const;
  const label = { recover: 'Recover', reboot: 'Reboot', backup: 'Back up' }[op];
  return {
    title: { type: 'plain_text' as const, text: `${label} ${instanceId}?` },
    text: { type: 'mrkdwn' as const, text: texts[op] },
    confirm: { type: 'plain_text' as const, text: label },
    deny: { type: 'plain_text' as const, text: 'Cancel' },
  };
};

function opButtons(a: Alert): ActionsBlock[] {
  const out: ActionsBlock[] = [];
  let n = 0;
  for (const e of a.entities) {
    const refs = e.instanceId ? a.buttons?.[e.instanceId] : undefined;
    if (!refs || !e.instanceId || e.state === 'resolved') continue;
    const btn = (
      op: 'recover' | 'reboot' | 'backup',
      value: string,
      text: string,
      danger = false,
    ): Button => ({
      type: 'button',
      action_id: indexedActionId(ACTION.op, n++),
      text: { type: 'plain_text', text },
      value,
      confirm: confirmFor(op, e.instanceId as string),
      ...(danger ? { style: 'danger' as const } : {}),
    });
    const elements: Button[] = [];
    if (refs.recover) elements.push(btn('recover', refs.recover, `Recover ${e.instanceId}`, true));
    elements.push(btn('reboot', refs.reboot, 'Reboot'), btn('backup', refs.backup, 'Back up (AMI)'));
    out.push({ type: 'actions', elements });
  }
  return out;
}

function stateLine(a: Alert, m: AlertMarks): string | undefined {
  const parts: string[] = [];
  if (m.ack) parts.push(`:eyes: Acknowledged by <@${esc(m.ack.by)}> at ${fmtTime(m.ack.at)}`);
  if (m.snooze && !m.ack)
    parts.push(`:zzz: Snoozed by <@${esc(m.snooze.by)}> until ${fmtTime(m.snooze.until)}`);
  if (a.escalated && !m.ack) parts.push(':mega: Escalated');
  return parts.length ? parts.join(' · ') : undefined;
}

/** The alert message: what, where, which instances (first N, the rest in the thread), buttons. Pure. */
export function alertView({ alert: a, marks, oncall, headInstances }: AlertViewInput): SlackMessage {
  const resolved = isResolved(a);
  const icon = resolved ? ':white_check_mark:' : a.urgent ? ':rotating_light:' : ':warning:';
  const title = `${alertTitle(a.type)} — ${a.account}${resolved ? ' (resolved)' : ''}`;
  const open = a.entities.filter((e) => e.state === 'open').length;
  const regions = [...new Set(a.entities.map((e) => e.region))].map(esc).join(', ');
  const blocks: KnownBlock[] = [header(`${resolved ? '✅' : a.urgent ? '🚨' : '⚠️'} ${title}`)];
  const ping = a.urgent && !resolved && !marks.ack && oncall.length ? `${mentions(oncall)} ` : '';
  const summary = `${ping}*${a.entities.length}* instance${a.entities.length === 1 ? '' : 's'} (${open} open) in account *${esc(a.account)}* (${code(a.accountId)}), ${regions}`;
  blocks.push(section(summary));
  const head = a.entities.slice(0, headInstances).map(entityLine);
  const more = a.entities.length - head.length;
  if (more > 0) head.push(`… *+${more} more* — the full list is in the thread`);
  blocks.push(...linesToSections(head).slice(0, 3));
  if (a.description) blocks.push(context(esc(truncate(a.description, 600))));
  const hint = alertHint(a);
  if (hint) blocks.push(context(hint));
  const line = stateLine(a, marks);
  if (line) blocks.push(context(line));
  if (!resolved) {
    blocks.push(...opButtons(a));
    if (!marks.ack) blocks.push(ackButtons(a.id));
  }
  const text = `${icon} ${ping}${title}: ${a.entities.length} instance(s), ${open} open${more > 0 ? ` (+${more} more in the thread)` : ''}`;
  return { text, blocks };
}

const ackButtons = (alertId: string): ActionsBlock => ({
  type: 'actions',
  elements: [
    {
      type: 'button',
      action_id: ACTION.alertAck,
      text: { type: 'plain_text', text: 'Acknowledge' },
      value: alertId,
      style: 'primary',
    },
    {
      type: 'button',
      action_id: ACTION.alertSnooze,
      text: { type: 'plain_text', text: 'Snooze 1h' },
      value: alertId,
    },
  ],
});
