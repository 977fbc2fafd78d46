import { type EC2Client, paginateDescribeVolumeStatus } from '@aws-sdk/client-ec2';
import type { VolumeHealth } from '../domain/statusChecks';

/** The `volume-id` filter takes up to 200 values; a filter (unlike VolumeIds) ignores a volume that is gone. */
const PER_FILTER = 200;

/**
 * DescribeVolumeStatus of the given volumes, every page: the volume's own status checks (`io-enabled`,
 * `io-performance`), its events and the actions EBS waits for (`enable-volume-io`).
 * https://docs.aws.amazon.com/ebs/latest/userguide/monitoring-volume-checks.html
 */
export async function volumeStatuses(ec2: EC2Client, ids: string[]): Promise<Map<string, VolumeHealth>> {
  const out = new Map<string, VolumeHealth>();
  const unique = [...new Set(ids)];
  for (let n = 0; n < unique.length; n += PER_FILTER) {
    const filters = [{ Name: 'volume-id', Values: unique.slice(n, n + PER_FILTER) }];
    for await (const page of paginateDescribeVolumeStatus({ client: ec2 }, { Filters: filters })) {
      for (const v of page.VolumeStatuses ?? []) {
        if (!v.VolumeId) continue;
        const detail = (name: string) =>
          v.VolumeStatus?.Details?.find((d) => d.Name === name)?.Status?.toString();
        out.set(v.VolumeId, {
          volumeId: v.VolumeId,
          status: String(v.VolumeStatus?.Status ?? 'insufficient-data'),
          ioEnabled: detail('io-enabled'),
          ioPerformance: detail('io-performance'),
          events: (v.Events ?? []).map((e) => e.Description ?? String(e.EventType ?? '')).filter(Boolean),
          actions: (v.Actions ?? []).map((a) => a.Code ?? '').filter(Boolean),
        });
      }
    }
  }
  return out;
}
