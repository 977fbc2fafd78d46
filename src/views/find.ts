import type { KnownBlock } from '@slack/types';
import type { TypeFacts } from '../domain/audit';
import type { ScheduledEvent } from '../domain/events';
import type { InstanceInfo } from '../domain/instance';
import type { ScanFailure } from '../domain/scan';
import type { InstanceChecks } from '../domain/statusChecks';
import { parseTime, relativeTime } from '../domain/time';
import type { SlackMessage } from '../slack/message';
import { context, linesToSections, section } from './blocks';
import { instanceFacts, instanceTitle } from './instanceText';
import { checkedText, failureLines } from './scanNotes';
import { code, esc } from './text';
import { slackDate } from './time';

/** Matches shown in full; the rest are counted. */
export const FIND_SHOWN = 10;

export interface FoundInstance {
  instance: InstanceInfo;
  facts?: TypeFacts;
  checks?: InstanceChecks;
  events: ScheduledEvent[];
}

function details(f: FoundInstance, now: Date): string {
  const i = f.instance;
  const ip = i.publicIp
    ? `public IP ${code(i.publicIp)}${i.hasElasticIp ? ' (Elastic IP)' : ' (no Elastic IP)'}`
    : 'no public IP';
  const extras = [
    `root ${esc(i.rootDeviceType)}`,
    f.facts?.instanceStore ? 'has instance-store volumes' : undefined,
    i.autoScalingGroup ? `Auto Scaling group ${code(i.autoScalingGroup)}` : undefined,
    i.spot ? 'Spot' : undefined,
    f.facts?.hypervisor ? `${esc(f.facts.hypervisor)} hypervisor` : undefined,
  ].filter(Boolean);
  const launched = parseTime(i.launchTime);
  const lines = [
    `${instanceTitle(i.id, i)} · ${instanceFacts(i.accountAlias, i.region, i)}${i.az ? ` · ${esc(i.az)}` : ''}`,
    `${ip} · ${extras.join(' · ')}${launched ? ` · launched ${slackDate(launched)}` : ''}`,
  ];
  if (f.checks)
    lines.push(
      `Status checks: system ${esc(f.checks.system)}, instance ${esc(f.checks.instance)}, attached EBS ${esc(f.checks.ebs)}`,
    );
  for (const e of f.events) {
    const at = parseTime(e.notBefore);
    lines.push(`:calendar: ${code(e.code)}${at ? ` ${slackDate(at)} (${relativeTime(at, now)})` : ''}`);
  }
  return lines.join('\n');
}

/** The first ten matches in detail, and how many more there are. */
export function findView(q: {
  ref: string;
  checked: { account: string; regions: string[] }[];
  found: FoundInstance[];
  total: number;
  failures: ScanFailure[];
  now: Date;
}): SlackMessage {
  const head =
    q.total === 0
      ? `No instance matches ${code(q.ref)} in ${checkedText(q.checked, q.failures)}.`
      : `*${q.total} instance${q.total === 1 ? '' : 's'}* match ${code(q.ref)} (checked ${checkedText(q.checked, q.failures)}).`;
  const more = q.total - q.found.length;
  const blocks: KnownBlock[] = [
    section(head),
    ...linesToSections(failureLines(q.failures)),
    ...q.found.map((f) => section(details(f, q.now))),
    ...(more > 0 ? [context(`${more} more not shown — use a narrower name or the instance id.`)] : []),
  ];
  return { text: head.replace(/\*/g, ''), blocks };
}
