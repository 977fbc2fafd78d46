import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { mentions } from '../domain/mentions';
import type { PlanDiff } from '../maintenance/diff';
import type { PlannedItem, UnplannedItem, Wave } from '../maintenance/plan';
import type { ItemState, PlanRecord } from '../maintenance/store';
import type { SlackMessage } from '../slack/message';
import { ACTION, type ActionId } from './actionIds';
import { context, fitBlocks, linesToSections, section } from './blocks';
import { slackDate } from './instanceText';
import { code, esc } from './text';

/** What the plan message needs besides the record: each account's approvers, events not in the plan. */
export interface PlanView {
  record: PlanRecord;
  approvers: Record<string, string[]>;
  /** Open events that appeared after approval (keys as the planner makes them). */
  notInPlan?: string[];
}

const ACTION_TEXT: Record<PlannedItem['action'], string> = {
  reschedule: "move AWS's start to this time",
  reboot: 'reboot (reboot migration) before AWS acts',
  recover: 'stop + start onto a new host before AWS acts',
};

const STATE_MARK: Record<ItemState, string> = {
  queued: ':hourglass_flowing_sand:',
  done: ':white_check_mark:',
  failed: ':x:',
  skipped: ':fast_forward:',
};

/** A `why` line: escaped, then the planner's date tokens as Slack dates (src/maintenance/plan.ts dateToken). */
export const whyText = (why: string[]): string =>
  esc(why.join('; ')).replace(/\{date:(\d{1,15})\}/g, (_, t: string) => slackDate(new Date(Number(t))));

const who = (i: { account: string; region: string; instanceId: string; name?: string }): string =>
  `${code(i.account)} ${esc(i.region)} ${code(i.instanceId)}${i.name ? ` ${esc(i.name)}` : ''}`;

function itemLine(i: PlannedItem, state: ItemState | undefined): string {
  const mark = state ? `${STATE_MARK[state]} ` : '• ';
  const group = i.group ? ` · group ${code(i.group)}${i.az ? ` ${esc(i.az)}` : ''}` : '';
  return `${mark}${who(i)} — *${ACTION_TEXT[i.action]}* (${code(i.code)})${group}\n      _${whyText(i.why)}_`;
}

function waveLines(w: Wave, n: number, r: PlanRecord): string[] {
  const head = `*Wave ${n + 1}* — ${slackDate(new Date(w.at))} (${w.items.length} instance${w.items.length === 1 ? '' : 's'})`;
  return [head, ...w.items.map((i) => itemLine(i, r.state === 'proposed' ? undefined : r.items[i.key]))];
}

function unplannedLines(items: UnplannedItem[]): string[] {
  const conflicts = items.filter((u) => u.conflict);
  const aws = items.filter((u) => !u.conflict);
  const line = (u: UnplannedItem): string => {
    const at = u.awsAt ? ` — AWS acts ${slackDate(new Date(u.awsAt))}` : '';
    return `• ${who(u)} ${code(u.code)}${at}\n      _${whyText(u.why)}_`;
  };
  return [
    ...(conflicts.length ? ['*Conflicts the plan could not resolve*', ...conflicts.map(line)] : []),
    ...(aws.length ? ['*AWS acts on these itself* (nothing the bot runs moves them)', ...aws.map(line)] : []),
  ];
}

export function diffLine(d: PlanDiff): string {
  if (d.first) return 'First plan for this target.';
  if (!d.added.length && !d.removed.length && !d.moved.length) return 'Same as the last plan.';
  const part = (n: number, w: string) => (n ? [`${n} ${w}`] : []);
  const keys = (ks: string[]) =>
    ks
      .slice(0, 5)
      .map((k) => code(k.split('|')[2]))
      .join(', ');
  return [
    `Since the last plan: ${[...part(d.added.length, 'new'), ...part(d.moved.length, 'moved'), ...part(d.removed.length, 'gone')].join(', ')}.`,
    ...(d.added.length ? [`new: ${keys(d.added)}`] : []),
    ...(d.moved.length ? [`moved: ${keys(d.moved.map((m) => m.key))}`] : []),
    ...(d.removed.length ? [`gone: ${keys(d.removed)}`] : []),
  ].join(' ');
}

function stateLine(v: PlanView): string {
  const r = v.record;
  const pending = Object.keys(r.approvals).filter((a) => !r.approvedBy[a]);
  const approved = Object.entries(r.approvedBy).map(([a, u]) => `${code(a)} by <@${u}>`);
  switch (r.state) {
    case 'proposed':
      return `:memo: Needs an approval for each account: ${pending.map((a) => `${code(a)} (${mentions(v.approvers[a] ?? []) || 'no approvers configured'})`).join(', ')}${approved.length ? `. Approved: ${approved.join(', ')}` : ''}.`;
    case 'approved':
    case 'running':
      return `:arrow_forward: Approved (${approved.join(', ')}). ${progress(r)}`;
    case 'paused':
      return `:warning: *Stopped at stage ${r.stage + 1}*: ${esc(r.failure ?? 'an operation failed')}. Later waves wait — Retry, Skip or Abort.`;
    case 'done':
      return `:white_check_mark: Done. ${progress(r)}`;
    case 'cancelled':
      return `:no_entry: Cancelled${r.cancelledBy ? ` by <@${r.cancelledBy}>` : ''}. ${progress(r)}`;
    case 'superseded':
      return ':zzz: Superseded by a newer plan for the same accounts.';
  }
}

function progress(r: PlanRecord): string {
  const states = Object.values(r.items);
  const n = (s: ItemState) => states.filter((x) => x === s).length;
  return `${n('done')} done, ${n('failed')} failed, ${n('skipped')} skipped of ${states.length}.`;
}

const button = (text: string, id: ActionId, value: string, style?: 'primary' | 'danger'): Button => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id: id,
  value,
  ...(style ? { style } : {}),
});

function buttons(v: PlanView): ActionsBlock | undefined {
  const r = v.record;
  const planned = r.plan.waves.reduce((n, w) => n + w.items.length, 0);
  const out: Button[] = [];
  if (r.state === 'proposed' && planned)
    out.push({
      ...button('Approve plan', ACTION.maintenanceApprove, r.id, 'primary'),
      confirm: {
        title: { type: 'plain_text', text: 'Approve the maintenance plan?' },
        text: {
          type: 'mrkdwn',
          text: `${planned} instance${planned === 1 ? '' : 's'} in ${r.plan.waves.length} wave${r.plan.waves.length === 1 ? '' : 's'}: events move, and instances are rebooted or stopped and started in their windows. Your approval counts for every account above you approve for.`,
        },
        confirm: { type: 'plain_text', text: 'Approve' },
        deny: { type: 'plain_text', text: 'Not yet' },
      },
    });
  if (r.state === 'paused')
    out.push(
      button('Retry', ACTION.maintenanceRetry, r.id, 'primary'),
      button('Skip', ACTION.maintenanceSkip, r.id),
      button('Abort', ACTION.maintenanceAbort, r.id, 'danger'),
    );
  if (v.notInPlan?.length) out.push(button('Re-plan', ACTION.maintenanceReplan, r.id));
  return out.length ? { type: 'actions', elements: out } : undefined;
}

/** The one plan message: summary, state, diff, waves, conflicts, buttons — updated in place as it runs. */
export function maintenanceMessage(v: PlanView): SlackMessage {
  const r = v.record;
  const p = r.plan;
  const planned = p.waves.reduce((n, w) => n + w.items.length, 0);
  const title = `*Maintenance plan — ${esc(r.target)}* (next ${r.days} days, checked ${r.accounts.map(code).join(', ')}): ${planned} instance${planned === 1 ? '' : 's'} in ${p.waves.length} wave${p.waves.length === 1 ? '' : 's'}, ${p.unplanned.filter((u) => u.conflict).length} conflicts, ${p.unplanned.filter((u) => !u.conflict).length} left to AWS.`;
  const lines = [
    ...p.waves.flatMap((w, n) => waveLines(w, n, r)),
    ...unplannedLines(p.unplanned),
    ...(v.notInPlan?.length
      ? [
          `*Not in the plan* (arrived after approval): ${v.notInPlan
            .slice(0, 10)
            .map((k) => code(k.split('|')[2]))
            .join(', ')}`,
        ]
      : []),
  ];
  const actions = buttons(v);
  const blocks: KnownBlock[] = [
    section(title),
    context(`${stateLine(v)}\n${diffLine(r.diff)}`),
    ...linesToSections(lines.length ? lines : ['No open scheduled events.']),
  ];
  const fitted = fitBlocks(blocks, (n) => `${n} more sections — see \`/ec2 maintenance status\``);
  return {
    text: `Maintenance plan — ${r.target}: ${planned} instances in ${p.waves.length} waves (${r.state})`,
    blocks: actions ? [...fitted.slice(0, 49), actions] : fitted,
  };
}

/** `/ec2 maintenance status`: recent plans, newest first, with their state and progress. */
export function maintenanceStatusView(plans: PlanRecord[]): SlackMessage {
  if (!plans.length)
    return {
      text: 'No maintenance plans yet.',
      blocks: [section('No maintenance plans yet — `/ec2 maintenance plan <account|all>`.')],
    };
  const lines = plans.map((r) => {
    const planned = r.plan.waves.reduce((n, w) => n + w.items.length, 0);
    const next = r.plan.waves[0];
    return `${code(r.state)} *${esc(r.target)}* ${code(r.id)} — ${planned} instances in ${r.plan.waves.length} waves${next ? `, first ${slackDate(new Date(next.at))}` : ''}; ${progress(r)}${r.failure ? ` Stopped: ${esc(r.failure)}` : ''}`;
  });
  return {
    text: `${plans.length} maintenance plans`,
    blocks: [section('*Maintenance plans*'), ...linesToSections(lines)],
  };
}
