/** What the bot knows about one instance, from DescribeInstances (+ DescribeAddresses). Pure model. */
export interface InstanceInfo {
  id: string;
  accountAlias: string;
  region: string;
  name?: string;
  type: string;
  state: string;
  az?: string;
  launchTime?: string;
  imageId?: string;
  platform?: string;
  architecture?: string;
  virtualizationType?: string;
  bootMode?: string;
  rootDeviceType: 'ebs' | 'instance-store';
  rootDeviceName?: string;
  /** EBS volumes attached, by device name. */
  volumes: { device: string; volumeId: string }[];
  publicIp?: string;
  hasElasticIp: boolean;
  /** `aws:autoscaling:groupName` tag. */
  autoScalingGroup?: string;
  spot: boolean;
  /**
   * The Spot request's type (DescribeSpotInstanceRequests), where it was read: a `one-time` Spot
   * instance cannot be stopped, so it never gets a stop + start button.
   */
  spotType?: SpotType;
  /** Placement.Tenancy: `default`, `dedicated` or `host`. */
  tenancy?: string;
  /**
   * DescribeInstances MaintenanceOptions (`default` = on, `disabled` = off; absent where AWS says nothing,
   * e.g. a type that supports neither). https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMaintenanceOptions.html
   */
  maintenance?: { autoRecovery?: string; rebootMigration?: string };
  hibernationConfigured: boolean;
  enaSupport?: boolean;
  /** `MaintenanceOptions.AutoRecovery`: `default` = AWS's simplified automatic recovery is on. */
  autoRecovery?: string;
  /** Security group ids of the instance (audit). */
  securityGroupIds?: string[];
  tags: Record<string, string>;
}

export type SpotType = 'one-time' | 'persistent';

/**
 * A stop + start is possible: not a one-time Spot instance. A Spot instance whose request type was not
 * read counts as one-time here (a button must not offer what EC2 may refuse); the plan reads it again.
 */
export const stoppable = (i: Pick<InstanceInfo, 'spot' | 'spotType'>): boolean =>
  !i.spot || i.spotType === 'persistent';

export const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/** "web-1 (i-0abc…)" or the bare id — unescaped: views escape. */
export const instanceLabel = (i: Pick<InstanceInfo, 'id' | 'name'>): string =>
  i.name ? `${i.name} (${i.id})` : i.id;

/**
 * What a stop + start would cost this instance (docs/architecture.md §4). Instance-store volumes on a type are
 * not visible in DescribeInstances; callers that know them (DescribeInstanceTypes) pass `instanceStore`.
 */
export function stopStartConsequences(i: InstanceInfo, opts: { instanceStore?: boolean } = {}): string[] {
  const out: string[] = [];
  if (i.rootDeviceType === 'instance-store') out.push('instance-store root: a stop would terminate it');
  if (i.publicIp && !i.hasElasticIp) out.push(`public IP ${i.publicIp} changes (no Elastic IP)`);
  if (opts.instanceStore) out.push('instance-store data is lost');
  if (i.autoScalingGroup) out.push(`Auto Scaling group ${i.autoScalingGroup} may replace it while stopped`);
  if (i.spot) out.push('Spot instance: capacity may not come back after a stop');
  return out;
}
