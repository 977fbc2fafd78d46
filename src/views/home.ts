import type { KnownBlock } from '@slack/types';
import type { Alert } from '../domain/alert';
import type { AccountWeek } from '../planner/week';
import type { HomeView } from '../slack/notifier';
import { context, divider, fitBlocks, header, linesToSections } from './blocks';
import { whyText } from './maintenance';
import { type StandingSummary, standingLines } from './standing';
import { code, esc } from './text';
import { slackDate } from './time';

/** A pending approval as the Home lists it (the approval store's record has these fields and more). */
export interface HomeApproval {
  op: string;
  account: string;
  region?: string;
  instanceId?: string;
  instanceName?: string;
  requester: string;
  /** The words of the button that asked for it (src/config/operations.ts opLabelSchema). */
  label?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  link?: string;
  channel?: string;
}

/** What the Home tab shows one user (collected by the `home` job). */
export interface HomeModel {
  user: string;
  now: Date;
  /** Pending approvals the user may decide (operations, and accounts' parts of maintenance plans). */
  approvals: HomeApproval[];
  /** Open alerts in the accounts the user is an operator, on-call or approver of. */
  alerts: Alert[];
  /** The latest plan's week per account of the user's. */
  maintenance: AccountWeek[];
  /** The user's accounts (none: the Home says so). */
  accounts: string[];
  /** Standing plans of the user's accounts with `maintenance.watch` (src/maintenance/standing.ts). */
  standing?: StandingSummary[];
}

const ACTION_TEXT: Record<AccountWeek['waves'][number]['items'][number]['action'], string> = {
  reschedule: "move AWS's start",
  reboot: 'reboot before AWS acts',
  recover: 'stop + start before AWS acts',
  aws: 'AWS acts in your window',
};

const target = (i: { account: string; region?: string; instanceId?: string; instanceName?: string }) =>
  `${code(i.account)}${i.region ? ` ${esc(i.region)}` : ''}${i.instanceId ? ` ${code(i.instanceId)}` : ''}${i.instanceName ? ` ${esc(i.instanceName)}` : ''}`;

function approvalLine(a: HomeApproval): string {
  const what = a.op === 'maintenance' ? 'maintenance plan' : a.label ? `*${esc(a.label)}*` : code(a.op);
  const link = a.link ? ` — <${esc(a.link)}|open>` : a.channel ? ` — in <#${esc(a.channel)}>` : '';
  return `• ${what} on ${target(a)}, asked by <@${esc(a.requester)}>, expires ${slackDate(new Date(a.expiresAt))}${link}`;
}

function alertLine(a: Alert): string {
  const open = a.entities.filter((e) => e.state === 'open');
  const first = open[0] ?? a.entities[0];
  const what = first
    ? `${code(first.instanceId ?? first.entity)} ${esc(first.region)} — ${esc(first.statusText)}`
    : '';
  const more = open.length > 1 ? ` (+${open.length - 1} more)` : '';
  const mark = a.urgent ? ':red_circle:' : ':large_orange_circle:';
  return `${mark} ${code(a.account)} *${esc(a.type)}* ${what}${more} — since ${slackDate(new Date(a.createdAt))} in <#${esc(a.channel)}>`;
}

/** The account's week: its planned waves with their times, then what is not planned with AWS's time. */
export function weekLines(w: AccountWeek): string[] {
  const waves = w.waves.flatMap((wave) => [
    `:calendar: ${slackDate(new Date(wave.at))} — ${wave.items.length} instance${wave.items.length === 1 ? '' : 's'}`,
    ...wave.items.map(
      (i) =>
        `      • ${code(i.instanceId)}${i.name ? ` ${esc(i.name)}` : ''} ${esc(i.region)}: ${ACTION_TEXT[i.action]} (${code(i.code)})`,
    ),
  ]);
  const unplanned = w.unplanned.map((u) => {
    const at = u.awsAt ? `AWS acts ${slackDate(new Date(u.awsAt))}` : 'no start time from AWS';
    return `:warning: not planned: ${code(u.instanceId)} ${esc(u.region)} ${code(u.code)} — ${at}${u.why.length ? ` _(${whyText(u.why)})_` : ''}`;
  });
  const head = `*${esc(w.account)}* — plan ${code(w.planId)} (${esc(w.state)})`;
  const none = waves.length || unplanned.length ? [] : ['      nothing this week'];
  return [head, ...waves, ...unplanned, ...none];
}

const section = (title: string, lines: string[], empty: string): KnownBlock[] => [
  header(title),
  ...(lines.length ? linesToSections(lines) : [context(empty)]),
];

/** The Home tab: approvals waiting on the user, open alerts in their accounts, this week's maintenance. */
export function homeView(m: HomeModel): HomeView {
  const blocks: KnownBlock[] = [
    context(
      `For <@${esc(m.user)}> · ${m.accounts.length ? `accounts ${m.accounts.map(code).join(', ')}` : 'no accounts name you as operator, on-call or approver'} · updated ${slackDate(m.now)}`,
    ),
    ...section(
      `Approvals waiting on you (${m.approvals.length})`,
      m.approvals.map(approvalLine),
      'Nothing waits on you.',
    ),
    divider(),
    ...section(`Open alerts (${m.alerts.length})`, m.alerts.map(alertLine), 'No open alerts.'),
    divider(),
    ...section(
      "This week's maintenance",
      m.maintenance.flatMap(weekLines),
      'No maintenance plan for your accounts — `/ec2 maintenance plan <account>` makes one.',
    ),
    ...(m.standing?.length
      ? [divider(), ...section('Standing maintenance plans', m.standing.flatMap(standingLines), '')]
      : []),
  ];
  return { type: 'home', blocks: fitBlocks(blocks, (n) => `…and ${n} more blocks not shown.`) };
}
