import { type EC2Client, type InstanceStatus, paginateDescribeInstanceStatus } from '@aws-sdk/client-ec2';
import type { ScheduledEvent } from '../domain/events';
import type { InstanceChecks } from '../domain/statusChecks';

export interface StatusScan {
  events: ScheduledEvent[];
  checks: InstanceChecks[];
}

/**
 * DescribeInstanceStatus with IncludeAllInstances, every page: scheduled events (stopped instances
 * have them too) and status checks of one account-region.
 */
export async function scanInstanceStatus(
  ec2: EC2Client,
  account: string,
  region: string,
  opts: { includeAll?: boolean; instanceIds?: string[] } = {},
): Promise<StatusScan> {
  const out: StatusScan = { events: [], checks: [] };
  const pages = paginateDescribeInstanceStatus(
    { client: ec2, pageSize: opts.instanceIds ? undefined : 1000 },
    { IncludeAllInstances: opts.includeAll ?? true, InstanceIds: opts.instanceIds },
  );
  for await (const page of pages) {
    for (const s of page.InstanceStatuses ?? []) {
      out.events.push(...eventsOf(s, account, region));
      out.checks.push(checksOf(s, account, region));
    }
  }
  return out;
}

function eventsOf(s: InstanceStatus, account: string, region: string): ScheduledEvent[] {
  return (s.Events ?? []).map((e) => ({
    account,
    region,
    instanceId: s.InstanceId ?? '',
    code: String(e.Code ?? 'unknown'),
    eventId: e.InstanceEventId,
    description: e.Description,
    notBefore: e.NotBefore?.toISOString(),
    notAfter: e.NotAfter?.toISOString(),
    notBeforeDeadline: e.NotBeforeDeadline?.toISOString(),
    sources: ['ec2'],
  }));
}

function checksOf(s: InstanceStatus, account: string, region: string): InstanceChecks {
  return {
    account,
    region,
    instanceId: s.InstanceId ?? '',
    state: String(s.InstanceState?.Name ?? 'unknown'),
    system: String(s.SystemStatus?.Status ?? 'not-applicable'),
    instance: String(s.InstanceStatus?.Status ?? 'not-applicable'),
    ebs: String(s.AttachedEbsStatus?.Status ?? 'not-applicable'),
  };
}
