import {
  DescribeAddressesCommand,
  type EC2Client,
  type Filter,
  type Instance,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import type { InstanceInfo } from '../domain/instance';

export function toInstanceInfo(
  i: Instance,
  accountAlias: string,
  region: string,
  eipIds: Set<string>,
): InstanceInfo {
  const tags = Object.fromEntries((i.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  return {
    id: i.InstanceId ?? '',
    accountAlias,
    region,
    name: tags.Name || undefined,
    type: String(i.InstanceType ?? ''),
    state: String(i.State?.Name ?? 'unknown'),
    az: i.Placement?.AvailabilityZone,
    launchTime: i.LaunchTime?.toISOString(),
    imageId: i.ImageId,
    platform: i.PlatformDetails ?? (i.Platform ? String(i.Platform) : undefined),
    architecture: i.Architecture ? String(i.Architecture) : undefined,
    virtualizationType: i.VirtualizationType ? String(i.VirtualizationType) : undefined,
    bootMode: i.CurrentInstanceBootMode
      ? String(i.CurrentInstanceBootMode)
      : i.BootMode
        ? String(i.BootMode)
        : undefined,
    rootDeviceType: i.RootDeviceType === 'instance-store' ? 'instance-store' : 'ebs',
    rootDeviceName: i.RootDeviceName,
    volumes: (i.BlockDeviceMappings ?? [])
      .filter((b) => b.Ebs?.VolumeId)
      .map((b) => ({ device: b.DeviceName ?? '', volumeId: b.Ebs?.VolumeId ?? '' })),
    publicIp: i.PublicIpAddress,
    hasElasticIp: eipIds.has(i.InstanceId ?? ''),
    autoScalingGroup: tags['aws:autoscaling:groupName'] || undefined,
    spot: i.InstanceLifecycle === 'spot',
    tenancy: i.Placement?.Tenancy ? String(i.Placement.Tenancy) : undefined,
    maintenance: i.MaintenanceOptions
      ? {
          autoRecovery: i.MaintenanceOptions.AutoRecovery
            ? String(i.MaintenanceOptions.AutoRecovery)
            : undefined,
          rebootMigration: i.MaintenanceOptions.RebootMigration
            ? String(i.MaintenanceOptions.RebootMigration)
            : undefined,
        }
      : undefined,
    hibernationConfigured: i.HibernationOptions?.Configured === true,
    enaSupport: i.EnaSupport,
    autoRecovery: i.MaintenanceOptions?.AutoRecovery ? String(i.MaintenanceOptions.AutoRecovery) : undefined,
    securityGroupIds: (i.SecurityGroups ?? []).map((g) => g.GroupId ?? '').filter(Boolean),
    tags,
  };
}

/**
 * Which of these instances hold an Elastic IP. DescribeInstances already says it: the owner of the
 * public IPv4 on an interface (`Association.IpOwnerId`) is `amazon` for an address from Amazon's pool and
 * the owning account for an Elastic IP (BYOIP included), so no call is needed. Only an instance with a
 * public IPv4 whose owner is not given is looked up, in one DescribeAddresses filtered to those instances.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceNetworkInterfaceAssociation.html
 */
export async function elasticIpInstances(ec2: EC2Client, raw: Instance[]): Promise<Set<string>> {
  const out = new Set<string>();
  const unknown: string[] = [];
  for (const i of raw) {
    if (!i.InstanceId || !i.PublicIpAddress) continue;
    const owner = (i.NetworkInterfaces ?? []).find((n) => n.Association?.PublicIp === i.PublicIpAddress)
      ?.Association?.IpOwnerId;
    if (owner === undefined) unknown.push(i.InstanceId);
    else if (owner !== 'amazon') out.add(i.InstanceId);
  }
  for (let n = 0; n < unknown.length; n += 200) {
    const filter = { Name: 'instance-id', Values: unknown.slice(n, n + 200) };
    const answer = await ec2.send(new DescribeAddressesCommand({ Filters: [filter] }));
    for (const a of answer.Addresses ?? []) if (a.InstanceId) out.add(a.InstanceId);
  }
  return out;
}

/** DescribeInstances, every page (moto and AWS both page), as InstanceInfo. */
export async function describeInstances(
  ec2: EC2Client,
  accountAlias: string,
  region: string,
  query: { instanceIds?: string[]; filters?: Filter[] } = {},
): Promise<InstanceInfo[]> {
  const raw: Instance[] = [];
  const pages = paginateDescribeInstances(
    { client: ec2, pageSize: query.instanceIds ? undefined : 1000 },
    { InstanceIds: query.instanceIds, Filters: query.filters },
  );
  for await (const page of pages) for (const r of page.Reservations ?? []) raw.push(...(r.Instances ?? []));
  if (raw.length === 0) return [];
  const eips = await elasticIpInstances(ec2, raw);
  return raw.map((i) => toInstanceInfo(i, accountAlias, region, eips));
}
