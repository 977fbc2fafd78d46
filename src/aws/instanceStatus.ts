import {
  DescribeInstanceStatusCommand,
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
  /** Whether the region holds any instance not terminated: said by `discoverInstanceStatus` only. */
  holdsInstances?: boolean;
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

/** DescribeInstanceStatus's largest page. */
const MAX_PAGE = 1000;

/**
 * scanInstanceStatus for a region not yet known to hold instances, telling whether it does (any instance
 * not terminated — what src/query/activeRegions.ts records). It first asks one page of every instance's
 * status (IncludeAllInstances, up to 1000): when that page is the whole answer it is the scan too, with
 * `opts` applied here (running instances only unless `includeAll`; only instances with an event of
 * SCHEDULED_EVENT_FILTER's codes when `scheduledOnly`) — one call where a separate probe and the scan made
 * two. A longer answer means instances: the scan is then asked as usual.
 */
export async function discoverInstanceStatus(
  ec2: EC2Client,
  account: string,
  region: string,
  opts: { includeAll?: boolean; scheduledOnly?: boolean } = {},
): Promise<StatusScan> {
  const page = await ec2.send(
    new DescribeInstanceStatusCommand({ IncludeAllInstances: true, MaxResults: MAX_PAGE }),
  );
  if (page.NextToken) {
    const scan = await scanInstanceStatus(ec2, account, region, {
      includeAll: opts.includeAll,
      filters: opts.scheduledOnly ? SCHEDULED_EVENT_FILTER : undefined,
    });
    return { ...scan, holdsInstances: true };
  }
  const all = page.InstanceStatuses ?? [];
  const out: StatusScan = {
    events: [],
    checks: [],
    holdsInstances: all.some((s) => s.InstanceState?.Name !== 'terminated'),
  };
  for (const s of all) {
    if (!(opts.includeAll ?? true) && s.InstanceState?.Name !== 'running') continue;
    if (opts.scheduledOnly && !(s.Events ?? []).some((e) => SCHEDULED_CODES.has(String(e.Code)))) continue;
    out.events.push(...eventsOf(s, account, region));
    out.checks.push(checksOf(s, account, region));
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

const SCHEDULED_CODES = new Set(SCHEDULED_EVENT_FILTER.flatMap((f) => f.Values ?? []));
