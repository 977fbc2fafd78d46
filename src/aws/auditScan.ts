import { type EC2Client, paginateDescribeSecurityGroups, paginateDescribeVolumes } from '@aws-sdk/client-ec2';
import type { SecurityGroupInfo } from '../domain/audit';

/** Filters take up to 200 values; unlike GroupIds/VolumeIds they do not fail on an id that is gone. */
const PER_FILTER = 200;

const chunks = <T>(xs: T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, k) => xs.slice(k * n, k * n + n));

/** Inbound rules of the given security groups, every page. */
export async function securityGroups(
  ec2: EC2Client,
  region: string,
  ids: string[],
): Promise<SecurityGroupInfo[]> {
  const out: SecurityGroupInfo[] = [];
  for (const part of chunks([...new Set(ids)], PER_FILTER)) {
    const filters = [{ Name: 'group-id', Values: part }];
    for await (const page of paginateDescribeSecurityGroups({ client: ec2 }, { Filters: filters })) {
      for (const g of page.SecurityGroups ?? []) {
        out.push({
          id: g.GroupId ?? '',
          name: g.GroupName,
          region,
          rules: (g.IpPermissions ?? []).map((p) => ({
            protocol: String(p.IpProtocol ?? ''),
            fromPort: p.FromPort,
            toPort: p.ToPort,
            cidrs: [
              ...(p.IpRanges ?? []).map((r) => r.CidrIp ?? ''),
              ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6 ?? ''),
            ],
          })),
        });
      }
    }
  }
  return out;
}

/** The given volumes that are not encrypted, every page. */
export async function unencryptedVolumes(ec2: EC2Client, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks([...new Set(ids)], PER_FILTER)) {
    const filters = [{ Name: 'volume-id', Values: part }];
    for await (const page of paginateDescribeVolumes({ client: ec2 }, { Filters: filters })) {
      for (const v of page.Volumes ?? []) if (v.VolumeId && v.Encrypted !== true) out.add(v.VolumeId);
    }
  }
  return out;
}
