import {
  type EC2Client,
  type Filter,
  type InstanceStatus,
  paginateDescribeInstanceStatus,
} from '@aws-sdk/client-ec2';
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
  opts: { includeAll?: boolean; instanceIds?: string[]; filters?: Filter[] } = {},
): Promise<StatusScan> {
  const out: StatusScan = { events: [], checks: [] };
  const pages = paginateDescribeInstanceStatus(
    { client: ec2, pageSize: opts.instanceIds ? undefined : 1000 },
    { IncludeAllInstances: opts.includeAll ?? true, InstanceIds: opts.instanceIds, Filters: opts.filters },
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

/**
 * Only instances with a scheduled event, by the `event.code` filter: pages carry the affected
 * instances, not the whole fleet. The five codes EC2 schedules, as the filter documents them:
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceStatus.html
 */
export const SCHEDULED_EVENT_FILTER: Filter[] = [
  {
    Name: 'event.code',
    Values: [
      'instance-reboot',
      'system-reboot',
      'system-maintenance',
      'instance-retirement',
      'instance-stop',
    ],
  },
];
