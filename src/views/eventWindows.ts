import type { EventWindow } from '../domain/eventWindow';
import { type ConfigRanges, rangeText, sameRanges } from '../planner/eventWindows';
import type { SlackMessage } from '../slack/message';
import { context, fitBlocks, linesToSections, section } from './blocks';
import { code, esc } from './text';

/** One account of `/ec2 maintenance windows`: the config and, per region, AWS's windows. */
export interface WindowsAccount {
  account: string;
  tz?: string;
  configured?: string[];
  tag?: string;
  /** The config's windows as AWS's UTC hour ranges (undefined: no maintenance block). */
  wanted?: ConfigRanges;
  regions: { region: string; windows: EventWindow[]; oursId?: string; error?: string }[];
}

function targets(w: EventWindow): string {
  const t = w.targets;
  const parts = [
    ...t.tags.map((x) => `tag ${code(`${x.key}=${x.value}`)}`),
    ...(t.instanceIds.length
      ? [`${t.instanceIds.length} instance id${t.instanceIds.length === 1 ? '' : 's'}`]
      : []),
    ...(t.hostIds.length ? [`${t.hostIds.length} Dedicated Host${t.hostIds.length === 1 ? '' : 's'}`] : []),
  ];
  return parts.length ? parts.join(', ') : 'no targets (places nothing)';
}

function windowLine(w: EventWindow, a: WindowsAccount, ours: boolean): string {
  const when = w.cron ? `cron ${code(w.cron)}` : w.ranges.map(rangeText).join(', ') || 'no ranges';
  const compare =
    !ours || !a.wanted
      ? ''
      : sameRanges(w.ranges, a.wanted.ranges)
        ? ' — :white_check_mark: matches the config'
        : ' — :warning: differs from the config: `apply` updates it';
  return `• ${code(w.id)}${w.name ? ` ${esc(w.name)}` : ''}: ${esc(when)} → ${targets(w)}${compare}`;
}

function regionLines(a: WindowsAccount): string[] {
  return a.regions.flatMap((r) => {
    if (r.error) return [`*${esc(r.region)}*: could not be read (${esc(r.error)})`];
    const missing =
      a.wanted && !r.oursId
        ? [`      :warning: no window targets ${code(a.tag)}: \`apply\` creates one`]
        : [];
    const none = r.windows.length ? [] : ['      no event windows'];
    return [
      `*${esc(r.region)}*`,
      ...r.windows.map((w) => `  ${windowLine(w, a, w.id === r.oursId)}`),
      ...none,
      ...missing,
    ];
  });
}

function accountLines(a: WindowsAccount): string[] {
  if (!a.wanted) return [`*${esc(a.account)}*: no \`maintenance:\` windows in the config`, ...regionLines(a)];
  const cfg = `${(a.configured ?? []).map(esc).join(', ')} (${esc(a.tz)})`;
  const utc = a.wanted.ranges.map(rangeText).join(', ') || 'none';
  return [
    `*${esc(a.account)}* — config ${cfg} = ${esc(utc)} for instances tagged ${code(a.tag)}`,
    ...a.wanted.notes.map((n) => `      _${esc(n)}_`),
    ...a.wanted.refusals.map((r) => `      :no_entry: AWS would refuse it: ${esc(r)}`),
    ...regionLines(a),
  ];
}

/** `/ec2 maintenance windows <account|all>`. */
export function windowsView(accounts: WindowsAccount[]): SlackMessage {
  const blocks = [
    section(
      '*Instance event windows* — AWS places stop, reboot and terminate events of their targets inside them',
    ),
    ...linesToSections(accounts.flatMap(accountLines)),
    context(
      'Not network maintenance, expedited events or automatic recovery. `/ec2 maintenance windows <account|all> apply` (approvers) sets them from the config.',
    ),
  ];
  return {
    text: `Instance event windows for ${accounts.map((a) => a.account).join(', ')}`,
    blocks: fitBlocks(blocks, (n) => `${n} more sections not shown`),
  };
}
