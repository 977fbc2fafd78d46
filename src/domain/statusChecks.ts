import type { Operation } from '../config/schema';
import { type InstanceInfo, stoppable, stopStartConsequences } from './instance';

/**
 * EC2's three status checks and what to do when one fails, for one instance. Pure, unescaped text.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-system-instance-status-check.html
 */

/** Status check results of one instance (DescribeInstanceStatus). */
export interface InstanceChecks {
  account: string;
  region: string;
  instanceId: string;
  state: string;
  system: string;
  instance: string;
  /** AttachedEbsStatus.Status; `not-applicable` when EC2 did not report it. */
  ebs: string;
}

/**
 * A failing check is `impaired`. `insufficient-data` means no data yet (a check still running, a
 * new instance): never a failure. `ok`, `initializing`, `not-applicable` are not failures either.
 */
export const isFailing = (status: string): boolean => status === 'impaired';
export const isNoData = (status: string): boolean => status === 'insufficient-data';

const statuses = (c: InstanceChecks): string[] => [c.system, c.instance, c.ebs];

export const failingChecks = (all: InstanceChecks[]): InstanceChecks[] =>
  all.filter((c) => statuses(c).some(isFailing));

/** Instances with no data yet on some check and no failing one: shown apart, never with a button. */
export const noDataChecks = (all: InstanceChecks[]): InstanceChecks[] =>
  all.filter((c) => !statuses(c).some(isFailing) && statuses(c).some(isNoData));

export type CheckKind = 'system' | 'ebs' | 'instance';

/**
 * Which failure decides the row: the host's first (it can cause the others), then attached EBS, then
 * the OS. https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-system-instance-status-check.html
 */
export const checkKind = (c: InstanceChecks): CheckKind =>
  isFailing(c.system) ? 'system' : isFailing(c.ebs) ? 'ebs' : 'instance';

export const CHECK_MEANING: Record<CheckKind, { title: string; meaning: string; todo: string }> = {
  system: {
    title: 'System status check failing',
    meaning: 'The AWS host, its power or its network has a problem — not your OS.',
    todo: 'Wait for AWS, or move the instance to healthy hardware; each row says whether AWS recovers it by itself.',
  },
  // "When the attached EBS status check metric fails, you can either wait for AWS to resolve the issue,
  // or you can take actions, such as replacing the affected volumes or stopping and restarting the instance."
  ebs: {
    title: 'Attached EBS status check failing',
    meaning:
      'One or more attached EBS volumes cannot complete I/O: the EBS storage, the host’s path to EBS, or the connection between them.',
    todo: 'Look at the volume’s own status on each row first: an EBS volume with I/O disabled stays that way until you check it and enable I/O, whatever happens to the instance. Otherwise wait for AWS, replace the volume, or stop and start the instance.',
  },
  instance: {
    title: 'Instance status check failing',
    meaning: 'The OS does not answer (often out of memory, a full disk, a bad network or boot config).',
    todo: 'Read the console output below; a reboot often brings it back.',
  },
};

/**
 * Whether AWS's simplified automatic recovery covers this instance: on by default for supported types,
 * off when `MaintenanceOptions.AutoRecovery = disabled`; not for Dedicated Hosts; documented for
 * On-Demand and Dedicated tenancy. It moves the instance and keeps its public IPv4; a stop/start does not.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-configuration-recovery.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-recover.html
 */
export function autoRecoveryOf(
  i: InstanceInfo,
  typeSupports: boolean | undefined,
): { on: boolean | undefined; why: string } {
  if (i.maintenance?.autoRecovery === 'disabled')
    return { on: false, why: 'simplified automatic recovery is disabled on this instance' };
  if (typeSupports === false)
    return { on: false, why: `${i.type} does not support simplified automatic recovery` };
  if (i.tenancy === 'host') return { on: false, why: 'it runs on a Dedicated Host' };
  if (i.spot)
    return {
      on: false,
      why: 'it is a Spot instance (AWS documents automatic recovery for On-Demand and Dedicated instances)',
    };
  if (i.state !== 'running') return { on: false, why: `it is ${i.state} (AWS recovers running instances)` };
  if (i.maintenance?.autoRecovery === 'default' || typeSupports === true)
    return { on: true, why: 'simplified automatic recovery is on (the default)' };
  return { on: undefined, why: 'AWS did not say whether simplified automatic recovery covers it' };
}

/** The volume's own health (DescribeVolumeStatus). https://docs.aws.amazon.com/ebs/latest/userguide/monitoring-volume-checks.html */
export interface VolumeHealth {
  volumeId: string;
  device?: string;
  /** ok | warning | impaired | insufficient-data */
  status: string;
  /** Details `io-enabled`: passed | failed. */
  ioEnabled?: string;
  /** Details `io-performance` (io1, io2, gp3): normal | degraded | severely-degraded | stalled. */
  ioPerformance?: string;
  /** Event descriptions, e.g. "Awaiting Action: Enable IO". */
  events: string[];
  /** Action codes, e.g. `enable-volume-io`. */
  actions: string[];
}

/** EBS disabled I/O to a potentially inconsistent volume; it stays off until someone enables it. */
export const ioDisabled = (v: VolumeHealth): boolean =>
  v.ioEnabled === 'failed' || v.actions.includes('enable-volume-io');

/**
 * What to do about one volume. https://docs.aws.amazon.com/ebs/latest/userguide/volumeIO.html —
 * "We wait until you enable I/O … to run a consistency check using … fsck … or chkdsk"; `autoEnableIO`
 * re-enables I/O by itself, for volumes whose consistency is not a concern.
 */
export function volumeAdvice(v: VolumeHealth): string {
  if (ioDisabled(v))
    return 'EBS disabled its I/O (data possibly inconsistent) and waits for you: enable I/O (EnableVolumeIO), then check the file system (fsck / chkdsk) before applications use it; autoEnableIO re-enables it by itself next time — only for a volume whose consistency does not matter';
  if (v.status === 'impaired' || v.status === 'warning')
    return 'the volume itself is degraded: wait for AWS, or replace it from its latest snapshot';
  if (v.status === 'insufficient-data') return 'no volume data yet';
  return 'the volume itself reports ok: wait for AWS, or stop and start the instance to move it to another host';
}

/** Per-row advice lines for a failing instance (unescaped). */
export function checkAdvice(
  c: InstanceChecks,
  i: InstanceInfo | undefined,
  facts: { instanceStore?: boolean; autoRecovery?: boolean },
  /** Undefined: the volumes' status could not be read. */
  volumes?: VolumeHealth[],
): string[] {
  if (!i) return ['instance details not found in EC2'];
  const kind = checkKind(c);
  const costs = stopStartConsequences(i, { instanceStore: facts.instanceStore });
  if (kind === 'system') {
    const ar = autoRecoveryOf(i, facts.autoRecovery);
    const recover = !stoppable(i)
      ? i.spotType === 'one-time'
        ? 'a one-time Spot instance cannot be stopped, so no stop + start moves it: launch a replacement'
        : 'Spot instance whose request type could not be read: no Recover button (a one-time Spot instance cannot be stopped)'
      : costs.length
        ? `Recover (stop + start) moves it, but: ${costs.join('; ')}`
        : 'Recover (stop + start) moves it';
    // AWS's recovery keeps the public IPv4 but, like a stop, not instance-store data (nor RAM).
    // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-store-lifetime.html
    const store = facts.instanceStore ? '; its instance-store data does not survive the move' : '';
    if (ar.on)
      return [
        `AWS recovers it by itself: ${ar.why} — AWS moves it to healthy hardware and keeps its public IP${store}; give it a few minutes`,
        `if it does not come back: ${recover}`,
      ];
    return [`AWS will not recover it by itself: ${ar.why}`, `${recover}`];
  }
  if (kind === 'ebs') {
    if (!volumes) return ['the attached volumes’ own status could not be read (DescribeVolumeStatus failed)'];
    if (volumes.length === 0) return ['EC2 reported no status for the attached volumes'];
    return volumes.map(
      (v) => `${v.volumeId}${v.device ? ` (${v.device})` : ''} ${v.status}: ${volumeAdvice(v)}`,
    );
  }
  return [];
}

export interface CheckAction {
  label: string;
  op: Operation;
}

/**
 * Buttons: Recover (stop + start) for a host failure of an EBS-backed instance; Reboot for an OS failure;
 * none for an attached-EBS failure (the volume needs attention, see checkAdvice) or for no data yet.
 */
export function checkActions(c: InstanceChecks, i: InstanceInfo | undefined): CheckAction[] {
  if (!i || !failingChecks([c]).length) return [];
  const kind = checkKind(c);
  if (kind === 'system')
    return i.rootDeviceType === 'ebs' && stoppable(i) ? [{ label: 'Recover', op: 'recover' }] : [];
  if (kind === 'ebs') return [];
  return [{ label: 'Reboot', op: 'reboot' }];
}

/** The last `n` lines of a console log, without trailing blank lines and carriage returns. */
export function lastLines(text: string, n = 20): string[] {
  const lines = text.replace(/\r/g, '').split('\n');
  while (lines.length && lines[lines.length - 1]?.trim() === '') lines.pop();
  return lines.slice(-n);
}
