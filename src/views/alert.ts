import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { Alert, AlertEntity, AlertMarks, AlertOp } from '../domain/alert';
import { entityNoun, isResolved } from '../domain/alert';
import { alertConfirmFacts, alertOps, opLabel } from '../domain/alertActions';
import { mentions } from '../domain/mentions';
import { type ConfirmSubject, confirmOf } from '../domain/opConfirm';
import type { SlackMessage } from '../slack/message';
import { ACTION, indexedActionId } from './actionIds';
import { alertHint, alertTitle, entityLine, outcomeLine, who } from './alertText';
import { context, header, linesToSections, section } from './blocks';
import { confirmBlock } from './instanceText';
import { code, esc, LIMITS, truncate } from './text';
import { slackDate } from './time';

export interface AlertViewInput {
  alert: Alert;
  marks: AlertMarks;
  /** The account's on-call principals (mentioned while an urgent alert is open and unacknowledged). */
  oncall: string[];
  headInstances: number;
  /**
   * The catalog entries of the operations its buttons run (src/ops/catalog: CATALOG): each button's
   * confirm words, danger style and verb come from its entry, as on every other button of the bot.
   */
  operations: Record<AlertOp, ConfirmSubject>;
}

/** The snooze choices on the message; "morning" is the account's quiet-hours end (else 08:00). */
export const SNOOZES = [
  { key: '1h', label: 'Snooze 1h' },
  { key: '4h', label: 'Snooze 4h' },
  { key: 'morning', label: 'Snooze until morning' },
] as const;

const plain = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, LIMITS.buttonText) });

/**
 * The confirm dialog of an operation button, in its catalog entry's words (the same as the events and
 * status buttons'), about *this* instance: its facts read when the alert opened.
 */
function confirmFor(entry: ConfirmSubject, e: AlertEntity): Button['confirm'] {
  const c = confirmOf(entry, alertConfirmFacts(e), entry.label);
  return c && confirmBlock({ ...c, title: `${entry.label} ${e.entity}?` });
}

function opButtons(a: Alert, operations: AlertViewInput['operations']): ActionsBlock[] {
  const out: ActionsBlock[] = [];
  let n = 0;
  for (const e of a.entities) {
    const refs = e.instanceId ? a.buttons?.[e.instanceId] : undefined;
    if (!refs || !e.instanceId || e.state === 'resolved') continue;
    const elements: Button[] = [];
    for (const op of alertOps(a, e)) {
      const value = refs[op];
      if (!value) continue;
      const label = opLabel(a, op, e.instanceId);
      elements.push({
        type: 'button',
        action_id: indexedActionId(ACTION.op, n++),
        text: plain(label),
        value,
        confirm: confirmFor(operations[op], e),
        // A button that stops the instance is red on the card.
        ...(operations[op].stops ? { style: 'danger' as const } : {}),
      });
    }
    if (elements.length) out.push({ type: 'actions', elements });
  }
  return out;
}

/** The source's word as people say it: "alarm", "OK", "open". */
const word = (status: string): string => (status === 'OK' ? 'OK' : status.toLowerCase());

/**
 * What repeated, once something has (more deliveries than instances): "alarm 2×, OK 1×". Alerts saved
 * before deliveries were counted by status say "seen N×".
 */
function repeatsText(a: Alert): string | undefined {
  if (!a.seen || a.seen <= a.entities.length) return undefined;
  const by = Object.entries(a.repeats ?? {});
  if (by.length === 0) return `seen ${a.seen}×`;
  return by.map(([status, n]) => `${esc(word(status))} ${n}×`).join(', ');
}

/** Entities open at the source; none once the alert was closed (by hand or by an operation). */
const openCount = (a: Alert): number => (a.closed ? 0 : a.entities.filter((e) => e.state === 'open').length);

function stateLine(a: Alert, m: AlertMarks): string | undefined {
  const parts: string[] = [];
  const repeated = repeatsText(a);
  if (repeated) parts.push(`:repeat: ${repeated}, last ${slackDate(a.lastSeenAt ?? a.createdAt, 'time')}`);
  if (m.ack) parts.push(`:eyes: Acknowledged by ${who(m.ack.by)} at ${slackDate(m.ack.at)}`);
  if (m.snooze && !m.ack)
    parts.push(`:zzz: Snoozed by ${who(m.snooze.by)} until ${slackDate(m.snooze.until)}`);
  if (a.escalated && !m.ack && !isResolved(a)) parts.push(':mega: Escalated');
  if (a.closed?.how === 'hand')
    parts.push(`:heavy_check_mark: Resolved by ${who(a.closed.by)} at ${slackDate(a.closed.at, 'time')}`);
  return parts.length ? parts.join(' · ') : undefined;
}

const button = (actionId: string, text: string, value: string, style?: 'primary'): Button => ({
  type: 'button',
  action_id: actionId,
  text: plain(text),
  value,
  ...(style ? { style } : {}),
});

/** Acknowledge, Resolve, Snooze 1h / 4h / until morning (Acknowledge and Snooze until someone has it). */
function controls(a: Alert, m: AlertMarks): ActionsBlock {
  const elements: Button[] = [];
  if (!m.ack) elements.push(button(ACTION.alertAck, 'Acknowledge', a.id, 'primary'));
  elements.push({
    ...button(ACTION.alertResolve, 'Resolve', a.id),
    confirm: {
      title: plain('Resolve this alert?'),
      text: {
        type: 'mrkdwn',
        text: 'It closes by hand: escalation stops, and the pager incident (if any) is resolved.',
      },
      confirm: plain('Resolve'),
      deny: plain('Cancel'),
    },
  });
  if (!m.ack && !a.info)
    for (const s of SNOOZES) elements.push(button(`${ACTION.alertSnooze}#${s.key}`, s.label, a.id));
  return { type: 'actions', elements };
}

function summaryText(a: Alert, ping: string): string {
  const open = openCount(a);
  const regions = [...new Set(a.entities.map((e) => e.region))].map(esc).join(', ');
  if (a.public)
    return `${ping}AWS reports an issue in *${regions}* that affects every instance of account *${esc(a.account)}* (${code(a.accountId)}) there.`;
  const n = a.entities.length;
  return `${ping}*${n}* ${entityNoun(a, n)} (${open ? `${open} open` : 'none open'}) in account *${esc(a.account)}* (${code(a.accountId)}), ${regions}`;
}

/** The alert message: what, where, which instances (first N, the rest in the thread), buttons. Pure. */
export function alertView({
  alert: a,
  marks,
  oncall,
  headInstances,
  operations,
}: AlertViewInput): SlackMessage {
  const resolved = isResolved(a);
  const over = resolved && !a.info;
  const icon = a.info
    ? ':information_source:'
    : over
      ? ':white_check_mark:'
      : a.urgent
        ? ':rotating_light:'
        : ':warning:';
  const emoji = a.info ? 'ℹ️' : over ? '✅' : a.urgent ? '🚨' : '⚠️';
  const where = a.public ? ` in ${[...new Set(a.entities.map((e) => e.region))].join(', ')}` : '';
  const title = `${a.public ? 'AWS: ' : ''}${alertTitle(a.type)}${where} — ${a.account}${over ? ' (resolved)' : ''}`;
  const ping = a.urgent && !resolved && !marks.ack && oncall.length ? `${mentions(oncall)} ` : '';
  const blocks: KnownBlock[] = [header(`${emoji} ${title}`), section(summaryText(a, ping))];
  const head = a.entities.slice(0, headInstances).map((e) => entityLine(e, a));
  const more = a.entities.length - head.length;
  if (more > 0) head.push(`… *+${more} more* — the full list is in the thread`);
  blocks.push(...linesToSections(head).slice(0, 3));
  if (a.description) blocks.push(context(esc(truncate(a.description, 600))));
  // what to do next is for an open alert; a resolved card keeps what happened
  const hint = resolved && !a.info ? undefined : alertHint(a);
  if (hint) blocks.push(context(hint));
  if (a.publicIssueRegions?.length && !resolved)
    blocks.push(
      context(
        `:warning: AWS reports an open EC2 issue in ${a.publicIssueRegions.map(esc).join(', ')}: *Recover* may fail while it lasts (no capacity to start again), and AWS's own automatic recovery does not run.`,
      ),
    );
  if (a.outcome) blocks.push(section(outcomeLine(a.outcome)));
  const line = stateLine(a, marks);
  if (line) blocks.push(context(line));
  if (!resolved) blocks.push(...opButtons(a, operations), controls(a, marks));
  const n = a.entities.length;
  const open = openCount(a);
  const text = `${icon} ${ping}${title}: ${n} ${entityNoun(a, n)}, ${open ? `${open} open` : 'none open'}${more > 0 ? ` (+${more} more in the thread)` : ''}`;
  return { text, blocks: blocks.slice(0, LIMITS.blocks) };
}
