import type { Button, KnownBlock } from '@slack/types';
import type { PlannedItem, UnplannedItem } from '../planner/plan';
import type { PlanRecord } from '../planner/record';
import type { StandingRecord } from '../planner/standingRecord';
import type { SlackMessage } from '../slack/message';
import { ACTION } from './actionIds';
import { context, fitBlocks, linesToSections, section } from './blocks';
import { whyText } from './maintenance';
import { code, esc } from './text';
import { slackDate } from './time';

/** What the account's standing plan message shows (collected by the sweep; pure from here). */
export interface StandingView {
  record: StandingRecord;
  /** The proposed additions waiting for one Approve. */
  additions?: PlanRecord;
  /** Standing plan records approved by a person or by policy, newest first. */
  plans: PlanRecord[];
  sweepMinutes: number;
  /** The policy in force (`auto_approve`). */
  autoApprove: string[];
}

const ACTION_TEXT: Record<PlannedItem['action'], string> = {
  reschedule: "move AWS's start to",
  reboot: 'reboot (reboot migration) at',
  recover: 'stop + start onto a new host at',
  aws: 'AWS acts in your window at',
};

const where = (i: { region: string; instanceId: string; name?: string }) =>
  `${esc(i.region)} ${code(i.instanceId)}${i.name ? ` ${esc(i.name)}` : ''}`;

const itemLine = (i: PlannedItem): string =>
  `• ${where(i)} ${code(i.code)} — *${ACTION_TEXT[i.action]}* ${slackDate(new Date(i.at))}\n      _${whyText(i.why)}_`;

const leftLine = (u: UnplannedItem): string =>
  `• ${where(u)} ${code(u.code)}${u.awsAt ? ` — AWS acts ${slackDate(new Date(u.awsAt))}` : ''}\n      _${whyText(u.why)}_`;

function appliedLines(v: StandingView): string[] {
  const byId = new Map(v.plans.map((p) => [p.id, p]));
  return [...v.record.applied].reverse().map((a) => {
    const state = byId.get(a.planId)?.items[a.key];
    const mark =
      state === 'done' ? ':white_check_mark:' : state === 'failed' ? ':x:' : ':hourglass_flowing_sand:';
    return `${mark} ${where(a)} ${code(a.code)} moved to ${slackDate(new Date(a.at))} — approved by policy \`auto_approve\` ${slackDate(new Date(a.appliedAt))}`;
  });
}

function approvedLines(v: StandingView): string[] {
  return v.plans
    .filter((p) => !Object.values(p.approvedBy).includes('auto_approve'))
    .map((p) => {
      const n = p.plan.waves.reduce((k, w) => k + w.items.length, 0);
      const by = Object.values(p.approvedBy).map((u) => `<@${esc(u)}>`);
      return `• ${code(p.id)} ${esc(p.state)} — ${n} instance${n === 1 ? '' : 's'}${by.length ? `, approved by ${by.join(', ')}` : ''}`;
    });
}

function optionLines(r: StandingRecord): string[] {
  const regions = Object.entries(r.coverage).map(
    ([region, c]) =>
      `• ${esc(region)}: ${c.instances} instance${c.instances === 1 ? '' : 's'} — reboot migration off on ${c.rebootMigrationOff.length}, automatic recovery off on ${c.autoRecoveryOff.length}`,
  );
  const hints = r.hints.map(
    (h) =>
      `:bulb: ${where(h)} ${code(h.code)}: reboot migration is off — with it on, a reboot moves it to new hardware and clears the event without a stop: \`/ec2 set-maintenance-options ${esc(r.account)} ${esc(h.instanceId)} reboot-migration=on\``,
  );
  return [...regions, ...hints];
}

const part = (title: string, lines: string[]): string[] => (lines.length ? [title, ...lines] : []);

function approveButton(a: PlanRecord): Button {
  const n = a.plan.waves.reduce((k, w) => k + w.items.length, 0);
  return {
    type: 'button',
    text: { type: 'plain_text', text: 'Approve additions' },
    action_id: ACTION.standingApprove,
    value: a.id,
    style: 'primary',
    confirm: {
      title: { type: 'plain_text', text: 'Approve the additions?' },
      text: {
        type: 'mrkdwn',
        text: `${n} instance${n === 1 ? '' : 's'}: events move, and instances are rebooted or stopped and started in their windows.`,
      },
      confirm: { type: 'plain_text', text: 'Approve' },
      deny: { type: 'plain_text', text: 'Not yet' },
    },
  };
}

/** The account's one standing plan message, updated in place by each sweep. */
export function standingMessage(v: StandingView): SlackMessage {
  const r = v.record;
  const added = v.additions?.plan.waves.flatMap((w) => w.items) ?? [];
  const open = Object.keys(r.seenAt).length;
  const title = `*Standing maintenance plan — ${esc(r.account)}*: ${open} open event${open === 1 ? '' : 's'} · ${r.applied.length} applied by policy · ${added.length} waiting for approval · ${r.left.length} left to AWS`;
  const swept = r.lastSweep
    ? `Swept ${slackDate(new Date(r.lastSweep))}, every ${v.sweepMinutes} min`
    : 'Not swept yet';
  const policy = v.autoApprove.length
    ? `auto_approve: ${v.autoApprove.join(', ')}`
    : 'no auto_approve: every change waits for an approver';
  const lines = [
    ...part(`*Proposed additions* (${added.length}) — one Approve for all`, added.map(itemLine)),
    ...part('*Applied by policy*', appliedLines(v)),
    ...part('*Approved*', approvedLines(v)),
    ...part(
      "*Placed by AWS's event window* (AWS acts inside it)",
      r.placed.map(
        (p) =>
          `• ${where(p)} ${code(p.code)}${p.awsAt ? ` — ${slackDate(new Date(p.awsAt))}` : ''} in ${code(p.windowId)}`,
      ),
    ),
    ...part('*Left to AWS or needing a person*', r.left.map(leftLine)),
    ...(r.inOtherPlans.length
      ? [`${r.inOtherPlans.length} more in plans made with \`/ec2 maintenance plan\`.`]
      : []),
    ...part('*Maintenance options*', optionLines(r)),
  ];
  const blocks: KnownBlock[] = [
    section(title),
    context(`${swept} · ${esc(policy)}`),
    ...linesToSections(lines.length ? lines : ['No open scheduled events.']),
  ];
  const fitted = fitBlocks(blocks, (n) => `${n} more sections not shown`);
  return {
    text: `Standing maintenance plan — ${r.account}: ${added.length} waiting for approval, ${r.left.length} left to AWS`,
    blocks: v.additions
      ? [...fitted.slice(0, 49), { type: 'actions', elements: [approveButton(v.additions)] }]
      : fitted,
  };
}

/** One account's standing plan in a few lines (App Home, the weekly digest). */
export interface StandingSummary {
  account: string;
  open: number;
  applied: StandingRecord['applied'];
  waiting: PlannedItem[];
  left: UnplannedItem[];
  lastSweep?: string;
}

export function summaryOf(r: StandingRecord, additions: PlanRecord | undefined): StandingSummary {
  return {
    account: r.account,
    open: Object.keys(r.seenAt).length,
    applied: r.applied,
    waiting: additions?.state === 'proposed' ? additions.plan.waves.flatMap((w) => w.items) : [],
    left: r.left,
    ...(r.lastSweep ? { lastSweep: r.lastSweep } : {}),
  };
}

/** The summary's lines: the head count, what policy applied (newest 5), what waits for approval. */
export function standingLines(s: StandingSummary): string[] {
  const head = `*${esc(s.account)}* — standing plan: ${s.open} open · ${s.applied.length} applied by policy · ${s.waiting.length} waiting for approval · ${s.left.length} left to AWS${s.lastSweep ? ` (swept ${slackDate(new Date(s.lastSweep))})` : ''}`;
  const applied = [...s.applied]
    .reverse()
    .slice(0, 5)
    .map(
      (a) =>
        `      :robot_face: ${where(a)} ${code(a.code)} moved to ${slackDate(new Date(a.at))} by policy \`auto_approve\``,
    );
  const waiting = s.waiting.map(
    (i) =>
      `      :hourglass: ${where(i)} ${code(i.code)}: ${ACTION_TEXT[i.action]} ${slackDate(new Date(i.at))} — waits for approval`,
  );
  return [head, ...applied, ...waiting];
}
