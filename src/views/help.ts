import type { SlackMessage } from '../slack/message';
import { section } from './blocks';

export const USAGE = [
  '`/ec2 help` — this list',
  '`/ec2 accounts` — role check for every account',
  '`/ec2 events <account|all> [region]` — scheduled events and AWS Health, every region',
  '`/ec2 status <account|all> [region]` — failing status checks',
  '`/ec2 find <account> <name|id>` — look an instance up',
  '`/ec2 audit <account>` — open SSH/RDP, public IP without EIP, unencrypted roots, Xen types',
  '`/ec2 backup|reboot|stop|start|recover|hibernate <account> <instance> [--dry-run]`',
  '`/ec2 resize|migrate <account> <instance> <type> [--dry-run]` — type change / Xen→Nitro migration',
  '`/ec2 nitro <account|all>` — fleet migration readiness',
  '`/ec2 snapshots <account> plan|apply` — EBS snapshot retention',
  '`/ec2 jobs [account]` — recent operations',
];

/** Usage, optionally led by a line saying why it is shown (unknown subcommand). */
export function helpView(lead?: string): SlackMessage {
  const body = USAGE.join('\n');
  const text = lead ? `${lead}\n${body}` : body;
  return {
    text,
    blocks: [...(lead ? [section(lead)] : []), section(`*ec2-ops-bot* — usage\n${body}`)],
  };
}
