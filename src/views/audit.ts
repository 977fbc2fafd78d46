import type { KnownBlock } from '@slack/types';
import type { AuditInstance, AuditReport } from '../domain/audit';
import type { ScanFailure } from '../domain/scan';
import type { SlackMessage } from '../slack/message';
import { fitBlocks, linesToSections, section } from './blocks';
import { instanceTitle } from './instanceText';
import { checkedText, failureLines, partialNote } from './scanNotes';
import { code, esc } from './text';

/** Lines listed per finding group; the rest is counted. */
export const AUDIT_LINES_PER_GROUP = 15;

const who = (i: AuditInstance): string => `${instanceTitle(i.id, i)} (${esc(i.region)})`;

function group(title: string, count: number, lines: string[]): KnownBlock[] {
  if (count === 0) return [];
  const shown = lines.slice(0, AUDIT_LINES_PER_GROUP);
  const more = lines.length - shown.length;
  return linesToSections([`*${title}* — ${count}`, ...shown, ...(more ? [`…and ${more} more`] : [])]);
}

function groupsOf(r: AuditReport): KnownBlock[] {
  const open = r.openGroups.map(
    (g) =>
      `• ${code(g.group.id)} ${esc(g.group.name ?? '')} (${esc(g.group.region)}) opens ${g.openings.map(esc).join(', ')} to the internet → ${g.instances.map((i) => instanceTitle(i.id, i)).join(', ')}`,
  );
  return [
    ...group(
      'Security groups open to 0.0.0.0/0 or ::/0 (SSH 22, RDP 3389 or all ports)',
      r.openGroups.length,
      open,
    ),
    ...group(
      'Public IP without an Elastic IP (the IP changes on stop + start)',
      r.publicWithoutEip.length,
      r.publicWithoutEip.map((i) => `• ${who(i)} ${code(i.publicIp)}`),
    ),
    ...group(
      'Unencrypted root volumes (also blocks hibernation)',
      r.unencryptedRoots.length,
      r.unencryptedRoots.map((i) => `• ${who(i)} ${code(i.rootVolumeId)}`),
    ),
    ...group(
      'Instance types on the Xen hypervisor (candidates for Nitro: `/ec2 nitro`)',
      r.legacyTypes.length,
      r.legacyTypes.map(({ instance: i, reason }) => `• ${who(i)} ${code(i.type)} — ${esc(reason)}`),
    ),
  ];
}

export const findingCount = (r: AuditReport): number =>
  r.openGroups.length + r.publicWithoutEip.length + r.unencryptedRoots.length + r.legacyTypes.length;

/** Findings grouped and counted, one line each. One message (each group lists at most 15 lines). */
export function auditView(
  target: string,
  checked: { account: string; regions: string[] }[],
  instances: number,
  report: AuditReport,
  failures: ScanFailure[],
): SlackMessage {
  const n = findingCount(report);
  const partial = partialNote(failures);
  const scope = `${instances} instance${instances === 1 ? '' : 's'}${partial ? ' that answered' : ''} (checked ${checkedText(checked, failures)}${partial})`;
  const head =
    n === 0
      ? `*Audit — ${esc(target)}*: no findings on ${scope}.`
      : `*Audit — ${esc(target)}*: ${n} finding${n === 1 ? '' : 's'} on ${scope}.`;
  const unknown = report.unknownTypes.length
    ? [
        `:grey_question: Hypervisor unknown for ${report.unknownTypes.map((t) => code(t)).join(', ')} (DescribeInstanceTypes did not describe ${report.unknownTypes.length === 1 ? 'it' : 'them'}): not judged Xen or Nitro.`,
      ]
    : [];
  const blocks = [
    section(head),
    ...linesToSections([...failureLines(failures), ...unknown]),
    ...groupsOf(report),
  ];
  return {
    text: head.replace(/\*/g, ''),
    blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown — audit one region at a time.`),
  };
}
