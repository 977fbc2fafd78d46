import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { mentions } from '../domain/mentions';
import type { DryRunCheck, OperationPlan } from '../domain/operationPlan';
import type { SlackMessage } from '../slack/message';
import { ACTION, indexedActionId } from './actionIds';
import { context, section } from './blocks';
import { code, esc, LIMITS, plainText, richText, truncate } from './text';
import { slackDate } from './time';

/** `<@U…>` for a Slack user id, the escaped text otherwise (`auto-recover`). */
export const who = (user: string | undefined): string =>
  user && /^[UW][A-Z0-9]{2,}$/.test(user) ? `<@${user}>` : esc(user ?? 'unknown');

export type PlanState =
  | 'awaiting'
  | 'queued'
  | 'approved'
  | 'rejected'
  | 'withdrawn'
  | 'expired'
  | 'blocked'
  | 'dry-run';

export interface PlanView {
  op: string;
  /** The operation's spec says it stops, reboots, changes or deletes something: Approve confirms first. */
  destructive: boolean;
  account: string;
  region?: string;
  plan: OperationPlan;
  requester: string;
  state: PlanState;
  approvalId?: string;
  /** Who may approve (configured user / user-group ids): the request mentions them. */
  approvers?: readonly string[];
  decidedBy?: string;
  decidedAt?: string;
  expiresAt?: number;
  note?: string;
  /** Alternative operation buttons (blocked plans): label, RefStore id, destructive. */
  offers?: { op: string; label: string; refId: string; destructive: boolean }[];
  /** EC2 DryRun results (dry runs). */
  dryRun?: DryRunCheck[];
}

const lines = (title: string, items: string[], mark: string): string =>
  items.length ? `*${title}*\n${items.map((i) => `${mark} ${richText(i)}`).join('\n')}` : '';

const STATE_LINE: Record<PlanState, (v: PlanView) => string> = {
  awaiting: (v) =>
    `Waiting for approval${v.approvers?.length ? ` by ${mentions(v.approvers)}` : ''} (requested by ${who(v.requester)}; expires ${v.expiresAt ? slackDate(v.expiresAt) : 'later'})`,
  queued: (v) =>
    `Queued — requested by ${who(v.requester)}${v.decidedBy ? `, approved by ${who(v.decidedBy)}` : ''}`,
  approved: (v) =>
    `:white_check_mark: Approved by ${who(v.decidedBy)} at ${slackDate(v.decidedAt)} — requested by ${who(v.requester)}. Progress in the thread.`,
  rejected: (v) =>
    `:no_entry: Rejected by ${who(v.decidedBy)} at ${slackDate(v.decidedAt)} — requested by ${who(v.requester)}`,
  withdrawn: (v) =>
    `:leftwards_arrow_with_hook: Withdrawn by ${who(v.requester)} at ${slackDate(v.decidedAt)}`,
  expired: (v) => `:hourglass: Expired without a decision — requested by ${who(v.requester)}`,
  blocked: (v) =>
    `:no_entry_sign: *${esc(v.op)}* cannot run while the blockers above stand, so it was not sent for approval and nothing changed (asked by ${who(v.requester)}). Fix them and ask again.`,
  'dry-run': (v) => `:test_tube: Dry run for ${who(v.requester)}: nothing was changed.`,
};

const CHECK = { pass: ':white_check_mark:', warn: ':warning:', block: ':no_entry:' } as const;

const DRY_TEXT: Record<DryRunCheck['result'], string> = {
  allowed: ':white_check_mark: the role may do it',
  denied: ':no_entry: the role is not allowed',
  'wrong-state': ':information_source: allowed; needs another state first (an earlier step does that)',
  error: ':warning: could not check',
};

const dryLine = (d: DryRunCheck): string =>
  `${code(d.call)} ${DRY_TEXT[d.result]}${d.detail ? ` (${esc(d.detail)})` : ''}`;

/** "Are you sure?" before a destructive button acts. */
const confirmDialog = (op: string, what: string, verb = 'Run'): NonNullable<Button['confirm']> => ({
  title: { type: 'plain_text', text: truncate(`${verb} ${op}?`, 100) },
  text: { type: 'mrkdwn', text: truncate(esc(what), 300) },
  confirm: { type: 'plain_text', text: verb },
  deny: { type: 'plain_text', text: 'Cancel' },
  style: 'danger',
});

/**
 * The confirm text of a plan's button: the title and what this instance loses (the plan's warnings,
 * which name only what applies to it), within Slack's 300 characters.
 */
export const planConfirmText = (plan: OperationPlan): string =>
  plan.confirm ?? (plan.warnings.length ? `${plan.title}. ${plan.warnings.join('; ')}` : `${plan.title}.`);

function buttons(v: PlanView): KnownBlock[] {
  if (v.state === 'awaiting' && v.approvalId) {
    const approve: Button = {
      type: 'button',
      action_id: ACTION.approve,
      text: { type: 'plain_text', text: 'Approve' },
      style: 'primary',
      value: v.approvalId,
    };
    if (v.destructive) {
      approve.confirm = confirmDialog(v.op, planConfirmText(v.plan), 'Approve');
    }
    const reject: Button = {
      type: 'button',
      action_id: ACTION.reject,
      text: { type: 'plain_text', text: 'Reject' },
      style: 'danger',
      value: v.approvalId,
    };
    return [{ type: 'actions', elements: [approve, reject] } as ActionsBlock];
  }
  if (v.state === 'blocked' && v.offers?.length) {
    const elements = v.offers.map(
      (o, n): Button => ({
        type: 'button',
        action_id: indexedActionId(ACTION.op, n),
        text: { type: 'plain_text', text: truncate(`${o.label} instead`, LIMITS.buttonText) },
        value: o.refId,
        ...(o.destructive
          ? { style: 'danger' as const, confirm: confirmDialog(o.op, planConfirmText(v.plan)) }
          : {}),
      }),
    );
    return [{ type: 'actions', elements } as ActionsBlock];
  }
  return [];
}

/** The plan / approval message: what will happen, warnings, blockers, state, buttons. Pure. */
export function planMessage(v: PlanView): SlackMessage {
  const where = `${esc(v.account)}${v.region ? ` ${esc(v.region)}` : ''}`;
  const head = `*${esc(v.plan.title)}* in ${where}`;
  const body = [
    lines('Steps', v.plan.steps, '•'),
    lines('Warnings', v.plan.warnings, ':warning:'),
    lines('Blocked', v.plan.blockers, ':no_entry_sign:'),
    (v.plan.checklist ?? []).length
      ? [
          '*Checklist*',
          ...(v.plan.checklist ?? []).map((c) => `${CHECK[c.status]} ${richText(c.text)}`),
        ].join('\n')
      : '',
    v.dryRun?.length ? ['*Dry run (EC2 DryRun, nothing changed)*', ...v.dryRun.map(dryLine)].join('\n') : '',
  ].filter(Boolean);
  const state = STATE_LINE[v.state](v) + (v.note ? `\n${richText(v.note)}` : '');
  return {
    text: truncate(plainText(`${v.plan.title} in ${v.account}: ${v.state}`), 300).replace(/[<>&]/g, ''),
    blocks: [section(head), ...body.map(section), context(state), ...buttons(v)],
  };
}

export interface ResultView {
  op: string;
  title?: string;
  account: string;
  region?: string;
  instanceId?: string;
  requester: string;
  approver?: string;
  outcome: 'done' | 'failed' | 'rolled-back' | 'rollback-failed';
  /** What changed (done, rolled back) or the safe failure text. Unescaped: escaped here. */
  detail: string;
  ref?: string;
  ms: number;
  /** Operations offered after a failure (Force stop after a stuck stop): label, confirm text, RefStore id. */
  offers?: { label: string; confirm: string; refId: string }[];
}

const OUTCOME: Record<ResultView['outcome'], [string, string]> = {
  done: [':white_check_mark:', 'done'],
  failed: [':x:', 'failed'],
  'rolled-back': [':leftwards_arrow_with_hook:', 'rolled back'],
  'rollback-failed': [':rotating_light:', 'failed, and so did the rollback'],
};

/** The plan message once the operation ended: outcome, what changed, who, how long. Pure. */
export function resultMessage(r: ResultView): SlackMessage {
  const [icon, word] = OUTCOME[r.outcome];
  const title = r.title ?? `${r.op} ${r.instanceId ?? ''}`;
  const head = `${icon} *${esc(title)}* in ${esc(r.account)}${r.region ? ` ${esc(r.region)}` : ''} — ${word}`;
  const by = `requested by ${who(r.requester)}${r.approver ? `, approved by ${who(r.approver)}` : ''}; ${Math.round(r.ms / 1000)} s${r.ref ? ` · ref ${esc(r.ref)}` : ''}`;
  const offers: KnownBlock[] = r.offers?.length
    ? [
        {
          type: 'actions',
          elements: r.offers.map(
            (o, n): Button => ({
              type: 'button',
              action_id: indexedActionId(ACTION.op, n),
              text: { type: 'plain_text', text: truncate(o.label, LIMITS.buttonText) },
              value: o.refId,
              style: 'danger',
              confirm: confirmDialog(o.label.toLowerCase(), o.confirm),
            }),
          ),
        } as ActionsBlock,
      ]
    : [];
  return {
    text: truncate(plainText(`${title} in ${r.account}: ${word}. ${r.detail}`), LIMITS.text).replace(
      /[<>&]/g,
      '',
    ),
    blocks: [section(`${head}\n${richText(r.detail)}`), context(by), ...offers],
  };
}

export interface JobRow {
  op: string;
  account: string;
  instance?: string;
  instanceName?: string;
  state: string;
  requester?: string;
  approver?: string;
  durationMs?: number;
  /** Epoch ms of the request. */
  at: number;
  /** Permalink of its plan message. */
  link?: string;
}

/** A Slack link to a message, only for a plain https URL (Slack's own permalinks). */
const linkTo = (url: string | undefined, label: string): string =>
  url && /^https:\/\/[^\s|<>]+$/.test(url) ? `<${url}|${label}>` : '';

function jobLine(r: JobRow): string {
  const dur = r.durationMs !== undefined ? `, ${Math.round(r.durationMs / 1000)} s` : '';
  const appr = r.approver ? `, approved by ${who(r.approver)}` : '';
  const inst = r.instance ? ` ${esc(r.instanceName ? `${r.instanceName} (${r.instance})` : r.instance)}` : '';
  const link = r.link ? ` ${linkTo(r.link, 'message')}` : '';
  return `${code(r.state)} *${esc(r.op)}* ${esc(r.account)}${inst} — by ${who(r.requester)}${appr}${dur} · ${slackDate(r.at)}${link}`;
}

/** `/ec2 jobs`: recent operations and requests, newest first; times in the reader's time zone. Pure. */
export function jobsView(rows: JobRow[], account?: string): SlackMessage {
  const scope = account ? ` in ${esc(account)}` : '';
  if (rows.length === 0)
    return { text: `No recent operations${scope}.`, blocks: [section(`No recent operations${scope}.`)] };
  const blocks: KnownBlock[] = [section(`*Recent operations${scope}*`)];
  let buf = '';
  for (const l of rows.map(jobLine)) {
    if (buf.length + l.length + 1 > LIMITS.sectionText) {
      blocks.push(section(buf));
      buf = '';
    }
    buf = buf ? `${buf}\n${l}` : l;
  }
  if (buf) blocks.push(section(buf));
  return { text: `Recent operations${scope}: ${rows.length}`, blocks: blocks.slice(0, LIMITS.blocks) };
}

/** To the requester: the request went to the approvers (with a link to the message). Pure. */
export function sentForApprovalView(approvalId: string, link?: string): SlackMessage {
  const to = linkTo(link, 'the request');
  const text = `Sent for approval (request ${esc(approvalId)})${to ? `: ${to}` : '.'}`;
  return { text, blocks: [section(text)] };
}

/** An identical request is already waiting: link to it instead of a second one. Pure. */
export function linkedRequestView(
  pending: { id: string; requester: string; expiresAt: number; link?: string },
  link?: string,
): SlackMessage {
  const to = linkTo(link ?? pending.link, 'open it');
  const text = `An identical request is already waiting for approval (${esc(pending.id)}, asked by ${who(pending.requester)}, expires ${slackDate(pending.expiresAt)})${to ? `: ${to}` : '.'} No second request was made.`;
  return { text, blocks: [section(text)] };
}

/** Reschedule: a date-time picker bound (by its action id) to the event's stored OpRef. Pure. */
export function reschedulePicker(
  refId: string,
  what: string,
  deadline: string | undefined,
  initial: Date,
): SlackMessage {
  return {
    text: `Pick a new start time for ${what}`.replace(/[<>&]/g, ''),
    blocks: [
      section(
        `Pick a new start time for *${esc(what)}* — at least 60 minutes ahead${deadline && !Number.isNaN(Date.parse(deadline)) ? `, before ${slackDate(deadline)}` : ''}.`,
      ),
      {
        type: 'actions',
        elements: [
          {
            type: 'datetimepicker',
            action_id: `${ACTION.reschedulePick}#${refId}`,
            initial_date_time: Math.floor(initial.getTime() / 1000),
          },
        ],
      } as ActionsBlock,
    ],
  };
}
