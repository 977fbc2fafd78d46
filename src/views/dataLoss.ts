import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from '../slack/message';
import { context, fitBlocks, linesToSections, section } from './blocks';
import { code, esc } from './text';
import { slackDate } from './time';

/** What the bot does, and later did, about one operation it had in flight when Redis lost its data. */
export type LostOpStatus =
  | 'resume'
  | 'rollback'
  | 'report'
  | 'done'
  | 'rolled-back'
  | 'failed'
  | 'rollback-failed'
  | 'reported';

export interface LostOpLine {
  op: string;
  /** `web-1 (i-…)` or the id. */
  instance: string;
  account: string;
  requester?: string;
  status: LostOpStatus;
  /** The instance's state once the bot is done with it: `running (t3.micro)`. */
  state?: string;
}

export interface DataLossNoticeView {
  /** When the loss was noticed. */
  at: Date;
  ops: LostOpLine[];
  /** Approval requests found pending in this channel's history, now marked lost: their titles. */
  approvals: string[];
  /** Maintenance plans (targets) whose stage jobs were lost and which were planned afresh. */
  plans: string[];
}

const STATUS: Record<LostOpStatus, string> = {
  resume: 'finishing it…',
  rollback: 'rolling it back…',
  report: 'not repeated by itself (its thread says how to finish it)',
  done: 'finished',
  'rolled-back': 'rolled back',
  failed: 'could not be finished',
  'rollback-failed': 'rollback failed',
  reported: 'not repeated by itself (its thread says how to finish it)',
};

const who = (u?: string): string => (u && /^[UW][A-Z0-9]{2,}$/.test(u) ? ` for <@${u}>` : '');

function opLine(l: LostOpLine): string {
  const state = l.state ? ` — the instance is now *${esc(l.state)}*` : '';
  return `• *${esc(l.op)}* of ${esc(l.instance)} in ${esc(l.account)}${who(l.requester)}: ${STATUS[l.status]}${state}`;
}

/**
 * The one message a channel gets after the bot's Redis lost its data: what the bot had in flight there
 * (read from the in-flight tags on the instances) and what it finished or rolled back, the approval
 * requests that were lost, and the maintenance plans planned afresh. Updated in place as the
 * operations end. Pure.
 */
export function dataLossNoticeView(v: DataLossNoticeView): SlackMessage {
  const head =
    ':rotating_light: *The bot’s Redis lost its data* (restarted without persistence, or flushed): queued jobs, approvals and schedules were gone. Schedules are registered again.';
  const lines: string[] = [];
  if (v.ops.length) lines.push('*In flight here (from the tags on the instances):*', ...v.ops.map(opLine));
  if (v.approvals.length)
    lines.push(
      '*Approval requests lost — nothing was done; ask for them again:*',
      ...v.approvals.map((a) => `• ${esc(a)}`),
    );
  if (v.plans.length)
    lines.push(
      '*Maintenance plans whose later waves were lost — planned afresh from AWS’s open events, to approve again:*',
      ...v.plans.map((p) => `• ${esc(p)}`),
    );
  const blocks: KnownBlock[] = [
    section(head),
    ...linesToSections(lines),
    context(`Noticed ${slackDate(v.at)}.`),
  ];
  const pending = v.ops.some((o) => o.status === 'resume' || o.status === 'rollback');
  const text = `The bot’s Redis lost its data: ${v.ops.length} operation(s) in flight${pending ? '' : ' (all settled)'}, ${v.approvals.length} approval request(s) lost, ${v.plans.length} maintenance plan(s) planned afresh.`;
  return { text, blocks: fitBlocks(blocks, (n) => `${n} more lines not shown.`) };
}

/**
 * An approval request that was still pending when Redis lost its data: the plan as it was, without its
 * buttons, and why nothing will happen. Pure.
 */
export function lostApprovalView(original: KnownBlock[], command?: string): SlackMessage {
  const kept = original.filter((b) => b.type !== 'actions');
  const text = `:warning: *This request was lost*: the bot’s Redis lost its data before anyone decided. Nothing was done.${command ? ` Ask for it again: ${code(command)}` : ' Ask for it again.'}`;
  return {
    text: 'This approval request was lost (the bot’s Redis lost its data); nothing was done — ask for it again.',
    blocks: fitBlocks([...kept, section(text)], (n) => `${n} more blocks not shown.`),
  };
}
