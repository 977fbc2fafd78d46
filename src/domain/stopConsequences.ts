import type { InstanceInfo } from './instance';

/**
 * What a stop costs one instance, beyond DescribeInstances: read for every stop, recover, hibernate and
 * resize plan (src/aws/stopFacts.ts). A field left undefined was not read (or could not be): the planner
 * then says nothing it does not know. Pure model.
 */
export interface StopFacts {
  /** The type has instance-store volumes (DescribeInstanceTypes InstanceStorageSupported). */
  instanceStore?: boolean;
  /** RAM of the type in MiB (DescribeInstanceTypes MemoryInfo.SizeInMiB). */
  memoryMiB?: number;
  /** Stop protection (DescribeInstanceAttribute disableApiStop). */
  stopProtection?: boolean;
  /** The Spot request behind a Spot instance (DescribeSpotInstanceRequests Type). */
  spotType?: 'one-time' | 'persistent';
  /** The root EBS volume (DescribeVolumes). */
  rootVolume?: { sizeGiB: number; encrypted: boolean };
  /**
   * How the operation takes an Auto Scaling member out (src/domain/autoScaling.ts), in confirm words:
   * set, it replaces the generic "the group may replace it" line. Absent: the member was not read.
   */
  asgConfirm?: string;
}

/** What the plan does to the instance: a stop alone, a stop then start, a hibernation, a type change. */
export type StopKind = 'stop' | 'stop-start' | 'hibernate' | 'resize';

export interface Consequences {
  warnings: string[];
  blockers: string[];
}

/** "You can't hibernate an instance that has more than 150 GB of RAM" (Linux). */
export const HIBERNATE_MAX_RAM_GIB = 150;
/**
 * Room the OS and its files need on the root volume besides the RAM image. AWS says only "large enough
 * to store the RAM contents and accommodate your expected usage"; the bot cannot see free space, so it
 * blocks only where the RAM image surely does not fit and names what to check otherwise.
 */
export const HIBERNATE_OS_ROOM_GIB = 2;

const gib = (mib: number): number => Math.ceil(mib / 1024);

/**
 * Instance store: data is lost at a stop and the volumes come back blank (unformatted) at the start, so
 * an fstab entry without `nofail` stops the boot in emergency mode.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-store-lifetime.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Stop_Start.html
 */
const instanceStoreLine = (i: InstanceInfo, kind: StopKind): string =>
  kind === 'resize'
    ? 'instance-store volumes (of the current or the new type): their data is lost and they come back blank (unformatted) — an /etc/fstab entry for them without `nofail` can drop the OS into emergency mode'
    : kind === 'stop'
      ? `${i.type} has instance-store volumes: their data is lost, and at the next start they come back blank (unformatted) — an /etc/fstab entry for them without \`nofail\` can drop the OS into emergency mode`
      : `${i.type} has instance-store volumes: their data is lost and they come back blank (unformatted) — an /etc/fstab entry for them without \`nofail\` can drop the OS into emergency mode`;

/** A stop releases the public IPv4 unless an Elastic IP holds it (Stop_Start.html, "public IPv4 address"). */
const ipLine = (i: InstanceInfo, kind: StopKind): string =>
  `public IPv4 ${i.publicIp} is released (no Elastic IP)${kind === 'stop' ? ' and the next start gets a new one' : ' and a new one is assigned'}: update DNS records and allow-lists that name it`;

/**
 * A stopped instance fails the group's health check and may be replaced; standby keeps it in the group.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-enter-exit-standby.html
 */
const asgLine = (i: InstanceInfo): string =>
  `member of Auto Scaling group ${i.autoScalingGroup}: the group may mark it unhealthy while stopped and replace it (terminate it) — put it in standby first: aws autoscaling enter-standby --instance-ids ${i.id} --auto-scaling-group-name ${i.autoScalingGroup} --should-decrement-desired-capacity`;

/**
 * Stop protection makes EC2 refuse StopInstances (OperationNotPermitted) until it is lifted.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-stop-protection.html
 */
const protectionLine = (i: InstanceInfo): string =>
  `stop protection is on (DisableApiStop): EC2 refuses the stop. Lift it first: aws ec2 modify-instance-attribute --instance-id ${i.id} --no-disable-api-stop (turn it back on afterwards with --disable-api-stop)`;

/**
 * Spot: only an instance of a persistent request can be stopped; after a stop it starts again only when
 * Spot capacity is there. https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/stop-spot-instances.html,
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/interruption-behavior.html
 */
function spotLines(i: InstanceInfo, f: StopFacts, out: Consequences): void {
  if (!i.spot) return;
  if (f.spotType === 'one-time')
    out.blockers.push(
      'one-time Spot instance: EC2 cannot stop it (only instances of a persistent Spot request can be stopped) — it can only be terminated; launch a replacement instead',
    );
  else if (f.spotType === 'persistent')
    out.warnings.push(
      `persistent Spot instance: it starts again only when Spot capacity for ${i.type} is available in ${i.az ?? 'its Availability Zone'} — it may not come back soon`,
    );
  else
    out.warnings.push(
      'Spot instance whose request could not be read: a one-time Spot instance cannot be stopped, and a persistent one may not get capacity to start again',
    );
}

/** https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/hibernating-prerequisites.html */
function hibernateLines(i: InstanceInfo, f: StopFacts, out: Consequences): void {
  if (i.autoScalingGroup)
    out.blockers.push(
      `member of Auto Scaling group ${i.autoScalingGroup}: an instance in an Auto Scaling group cannot hibernate (the group marks it unhealthy and may replace it)`,
    );
  const ram = f.memoryMiB !== undefined ? gib(f.memoryMiB) : undefined;
  if (ram !== undefined && ram > HIBERNATE_MAX_RAM_GIB)
    out.blockers.push(
      `${i.type} has ${ram} GiB of RAM: hibernation is limited to ${HIBERNATE_MAX_RAM_GIB} GB of RAM`,
    );
  const root = f.rootVolume;
  if (root && !root.encrypted)
    out.blockers.push('the root volume is not encrypted: hibernation needs an encrypted root volume');
  if (root && ram !== undefined) {
    const need = ram + HIBERNATE_OS_ROOM_GIB;
    if (root.sizeGiB < need)
      out.blockers.push(
        `the root volume (${root.sizeGiB} GiB) cannot hold the ${ram} GiB RAM image plus the OS (needs at least ${need} GiB): grow the volume first`,
      );
    else
      out.warnings.push(
        `the RAM image (${ram} GiB) is written to the root file system: it needs that much free space (check df -h /) or hibernation falls back to a normal shutdown`,
      );
  }
}

/**
 * What stopping (and starting again) costs *this* instance, as plan warnings and blockers: only the
 * lines that apply to it — no IP line without a public IP or with an Elastic IP, no instance-store line
 * for a type without instance store. Pure.
 */
export function stopConsequences(i: InstanceInfo, f: StopFacts | undefined, kind: StopKind): Consequences {
  const facts = f ?? {};
  const out: Consequences = { warnings: [], blockers: [] };
  if (facts.stopProtection) out.blockers.push(protectionLine(i));
  spotLines(i, facts, out);
  if (kind === 'hibernate') hibernateLines(i, facts, out);
  if (facts.instanceStore && i.rootDeviceType === 'ebs') out.warnings.push(instanceStoreLine(i, kind));
  if (i.publicIp && !i.hasElasticIp) out.warnings.push(ipLine(i, kind));
  if (i.autoScalingGroup && kind !== 'hibernate' && facts.asgConfirm === undefined)
    out.warnings.push(asgLine(i));
  return out;
}

/** The same, as one short text for a confirm dialog (Slack allows 300 characters there). */
export function consequenceSummary(i: InstanceInfo, f: StopFacts | undefined, kind: StopKind): string[] {
  const facts = f ?? {};
  const out: string[] = [];
  if (facts.stopProtection) out.push('stop protection is on: EC2 will refuse the stop');
  if (i.spot && facts.spotType === 'one-time') out.push('one-time Spot: cannot be stopped');
  else if (i.spot) out.push('Spot: may not get capacity to start again');
  if (facts.instanceStore && i.rootDeviceType === 'ebs')
    out.push('instance-store data is lost; the volumes come back blank (fstab needs nofail)');
  if (i.publicIp && !i.hasElasticIp) out.push(`public IPv4 ${i.publicIp} changes (no Elastic IP)`);
  if (i.autoScalingGroup)
    out.push(
      kind === 'hibernate'
        ? `ASG ${i.autoScalingGroup} member: cannot hibernate`
        : (facts.asgConfirm ?? `ASG ${i.autoScalingGroup} may replace it (enter standby first)`),
    );
  return out;
}
