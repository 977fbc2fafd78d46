import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { ACTION, indexedActionId } from '../actionIds';
import type { OperationPlan } from '../opsApi';
import type { SlackMessage } from '../slack/message';
import { context, section } from './blocks';
import { code, esc, LIMITS, truncate } from './text';

/** Operations whose Approve / run button asks "are you sure?" first. */
export const DESTRUCTIVE = new Set(['stop', 'recover', 'hibernate', 'reboot', 'resize']);

/** `<@U…>` for a Slack user id, the escaped text otherwise (`auto-recover`). */
export const who = (user: string | undefined): string =>
  user && /^[UW][A-Z0-9]{2,}$/.test(user) ? `<@${user}>` : esc(user ?? 'unknown');

export type PlanState = 'awaiting' | 'queued' | 'approved' | 'rejected' | 'expired' | 'blocked' | 'dry-run';

export interface PlanView {
  op: string;
  account: string;
  region?: string;
  plan: OperationPlan;
  requester: string;
  state: PlanState;
  approvalId?: string;
  decidedBy?: string;
  decidedAt?: string;
  expiresAt?: number;
  note?: string;
  /** RefStore ids of alternative operation buttons (blocked plans). */
  offers?: { op: string; refId: string }[];
}

const lines = (title: string, items: string[], mark: string): string =>
  items.length ? `*${title}*\n${items.map((i) => `${mark} ${esc(i)}`).join('\n')}` : '';

const STATE_LINE: Record<PlanState, (v: PlanView) => string> = {
  awaiting: (v) =>
    `Waiting for approval (requested by ${who(v.requester)}; expires ${v.expiresAt ? `<!date^${Math.floor(v.expiresAt / 1000)}^{time}|${new Date(v.expiresAt).toISOString()}>` : 'later'})`,
  queued: (v) =>
    `Queued — requested by ${who(v.requester)}${v.decidedBy ? `, approved by ${who(v.decidedBy)}` : ''}`,
  approved: (v) =>
    `:white_check_mark: Approved by ${who(v.decidedBy)} at ${esc(v.decidedAt)} — requested by ${who(v.requester)}. Progress in the thread.`,
  rejected: (v) =>
    `:no_entry: Rejected by ${who(v.decidedBy)} at ${esc(v.decidedAt)} — requested by ${who(v.requester)}`,
  expired: (v) => `:hourglass: Expired without a decision — requested by ${who(v.requester)}`,
  blocked: (v) => `:no_entry_sign: Cannot ${esc(v.op)} — requested by ${who(v.requester)}`,
  'dry-run': (v) => `:test_tube: Dry run for ${who(v.requester)}: nothing was changed`,
};

/** "Are you sure?" before a destructive button acts. */
const confirmDialog = (op: string, what: string, verb = 'Run'): NonNullable<Button['confirm']> => ({
  title: { type: 'plain_text', text: truncate(`${verb} ${op}?`, 100) },
  text: { type: 'mrkdwn', text: truncate(esc(what), 300) },
  confirm: { type: 'plain_text', text: verb },
  deny: { type: 'plain_text', text: 'Cancel' },
});

function buttons(v: PlanView): KnownBlock[] {
  if (v.state === 'awaiting' && v.approvalId) {
    const approve: Button = {
      type: 'button',
      action_id: ACTION.approve,
      text: { type: 'plain_text', text: 'Approve' },
      style: 'primary',
      value: v.approvalId,
    };
    if (DESTRUCTIVE.has(v.op)) {
      approve.confirm = confirmDialog(v.op, v.plan.title, 'Approve');
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
        text: {
          type: 'plain_text',
          text: truncate(`${o.op[0]?.toUpperCase()}${o.op.slice(1)} instead`, LIMITS.buttonText),
        },
        value: o.refId,
        ...(DESTRUCTIVE.has(o.op) ? { confirm: confirmDialog(o.op, v.plan.title) } : {}),
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
    lines(
      'Checklist',
      (v.plan.checklist ?? []).map((c) => `${c.status}: ${c.text}`),
      '•',
    ),
  ].filter(Boolean);
  const state = STATE_LINE[v.state](v) + (v.note ? `\n${esc(v.note)}` : '');
  return {
    text: truncate(`${v.plan.title} in ${v.account}: ${v.state}`, 300).replace(/[<>&]/g, ''),
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
  outcome: 'done' | 'failed';
  /** Summary (done) or the safe failure text (failed). */
  detail: string;
  ms: number;
}

/** The plan message once the operation ended: done or failed, who, how long. Pure. */
export function resultMessage(r: ResultView): SlackMessage {
  const icon = r.outcome === 'done' ? ':white_check_mark:' : ':x:';
  const title = r.title ?? `${r.op} ${r.instanceId ?? ''}`;
  const head = `${icon} *${esc(title)}* in ${esc(r.account)}${r.region ? ` ${esc(r.region)}` : ''} — ${r.outcome === 'done' ? 'done' : 'failed'}`;
  const by = `requested by ${who(r.requester)}${r.approver ? `, approved by ${who(r.approver)}` : ''}; ${Math.round(r.ms / 1000)} s`;
  return {
    text: `${title} in ${r.account}: ${r.outcome}`.replace(/[<>&]/g, ''),
    blocks: [section(`${head}\n${esc(r.detail)}`), context(by)],
  };
}

export interface JobRow {
  op: string;
  account: string;
  instance?: string;
  state: string;
  requester?: string;
  approver?: string;
  durationMs?: number;
  at: string;
}

/** `/ec2 jobs`: recent operations, newest first. Pure. */
export function jobsView(rows: JobRow[], account?: string): SlackMessage {
  const scope = account ? ` in ${esc(account)}` : '';
  if (rows.length === 0)
    return { text: `No recent operations${scope}.`, blocks: [section(`No recent operations${scope}.`)] };
  const out = rows.map((r) => {
    const dur = r.durationMs !== undefined ? `, ${Math.round(r.durationMs / 1000)} s` : '';
    const appr = r.approver ? `, approved by ${who(r.approver)}` : '';
    return `${code(r.state)} *${esc(r.op)}* ${esc(r.account)} ${esc(r.instance ?? '')} — by ${who(r.requester)}${appr}${dur} (${esc(r.at)})`;
  });
  const blocks: KnownBlock[] = [section(`*Recent operations${scope}*`)];
  let buf = '';
  for (const l of out) {
    if (buf.length + l.length + 1 > LIMITS.sectionText) {
      blocks.push(section(buf));
      buf = '';
    }
    buf = buf ? `${buf}\n${l}` : l;
  }
  if (buf) blocks.push(section(buf));
  return { text: `Recent operations${scope}: ${rows.length}`, blocks: blocks.slice(0, LIMITS.blocks) };
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
        `Pick a new start time for *${esc(what)}* — at least 60 minutes ahead${deadline ? `, before ${esc(deadline)}` : ''}.`,
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
