import { type EC2Client, type Filter, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import type { SecurityGroupInfo, TypeFacts } from '../domain/audit';
import type { ScheduledEvent } from '../domain/events';
import type { InstanceInfo } from '../domain/instance';
import type { InstanceChecks, VolumeHealth } from '../domain/statusChecks';
import { securityGroups, unencryptedVolumes } from './auditScan';
import { type Enriched, enrich } from './enrich';
import { type RegionFleet, regionFleet } from './fleet';
import { SCHEDULED_EVENT_FILTER, type StatusScan, scanInstanceStatus } from './instanceStatus';
import { describeInstances } from './instances';
import { hasInstances } from './regionProbe';
import { addSpotTypes } from './spotRequests';
import { describeTypeFacts } from './typeFacts';
import { volumeStatuses } from './volumeStatus';

/** Which instances a DescribeInstances asks for; each field becomes one filter, in this order. */
export interface InstanceQuery {
  /** `instance-id`: an id that is gone is left out, not an error (at most 200 values). */
  ids?: string[];
  /** `tag:Name`, with EC2's `*` and `?` wildcards. */
  name?: string;
  /** `instance-state-name`. */
  states?: string[];
}

/**
 * The read side of the EC2 port (`Ec2Ops` extends it): what the fan-outs, alerts and jobs read of one
 * account-region. Every read pages to the end; the client under it carries the pacer and the type
 * catalog, so pacing and caching are the same whichever caller asks.
 */
export interface Ec2Reads {
  /** Whether the region holds any instance that is not terminated (one page of at most 5). */
  hasInstances(): Promise<boolean>;
  /** Scheduled events of every instance (stopped ones too), by the `event.code` filter. */
  scheduledEvents(): Promise<ScheduledEvent[]>;
  /** Status checks of the running instances. */
  runningChecks(): Promise<InstanceChecks[]>;
  /** Status checks and scheduled events of the given instances, whatever their state. */
  instanceStatus(ids: string[]): Promise<StatusScan>;
  /** The given instances with their types' facts (Spot request types included); unknown ids are left out. */
  instanceDetails(ids: string[]): Promise<Enriched>;
  /** DescribeInstances by InstanceIds: an unknown id fails the call (`InvalidInstanceID.NotFound`). */
  instancesById(ids: string[]): Promise<InstanceInfo[]>;
  instancesMatching(q: InstanceQuery): Promise<InstanceInfo[]>;
  /** Sets `spotType` on the Spot instances among `instances`. */
  addSpotTypes(instances: InstanceInfo[]): Promise<void>;
  /** Facts of instance types, from the region's type catalog. */
  typeFacts(types: string[]): Promise<Map<string, TypeFacts>>;
  /** The volumes' own status (DescribeVolumeStatus), by volume id. */
  volumeStatuses(volumeIds: string[]): Promise<Map<string, VolumeHealth>>;
  securityGroups(ids: string[]): Promise<SecurityGroupInfo[]>;
  /** The given volumes that are not encrypted. */
  unencryptedVolumes(volumeIds: string[]): Promise<Set<string>>;
  /** The whole console log, decoded; '' when there is none yet. */
  consoleOutput(id: string): Promise<string>;
  /** The region's Xen → Nitro migration candidates with their types, successors and AMIs. */
  regionFleet(): Promise<RegionFleet>;
}

function filtersOf(q: InstanceQuery): Filter[] {
  return [
    ...(q.ids ? [{ Name: 'instance-id', Values: q.ids }] : []),
    ...(q.name !== undefined ? [{ Name: 'tag:Name', Values: [q.name] }] : []),
    ...(q.states ? [{ Name: 'instance-state-name', Values: q.states }] : []),
  ];
}

export function ec2Reads(ec2: EC2Client, account: string, region: string): Ec2Reads {
  return {
    hasInstances: () => hasInstances(ec2),
    scheduledEvents: async () =>
      (await scanInstanceStatus(ec2, account, region, { filters: SCHEDULED_EVENT_FILTER })).events,
    runningChecks: async () => (await scanInstanceStatus(ec2, account, region, { includeAll: false })).checks,
    instanceStatus: (ids) => scanInstanceStatus(ec2, account, region, { instanceIds: ids }),
    instanceDetails: (ids) => enrich(ec2, account, region, ids),
    instancesById: (ids) => describeInstances(ec2, account, region, { instanceIds: ids }),
    instancesMatching: (q) => describeInstances(ec2, account, region, { filters: filtersOf(q) }),
    addSpotTypes: (instances) => addSpotTypes(ec2, instances),
    typeFacts: (types) => describeTypeFacts(ec2, types, region),
    volumeStatuses: (ids) => volumeStatuses(ec2, ids),
    securityGroups: (ids) => securityGroups(ec2, region, ids),
    unencryptedVolumes: (ids) => unencryptedVolumes(ec2, ids),
    async consoleOutput(id) {
      const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: id }));
      return out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
    },
    regionFleet: () => regionFleet(ec2, account, region),
  };
}
