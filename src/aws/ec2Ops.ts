import {
  type _InstanceType,
  CreateImageCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeImagesCommand,
  type EC2Client,
  type Filter,
  ModifyInstanceAttributeCommand,
  ModifyInstanceEventStartTimeCommand,
  RebootInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { InstanceInfo } from '../domain/instance';
import type { PreflightInput } from '../domain/preflight';
import type { StopFacts } from '../domain/stopConsequences';
import { classifyAwsError } from '../errors/aws';
import { type Ec2Reads, ec2Reads } from './ec2Reads';
import {
  associateEventWindowTag,
  createEventWindow,
  describeEventWindows,
  type EventWindow,
  type HourRange,
  modifyEventWindow,
  setMaintenanceOptions,
} from './eventWindows';
import { describeInstances } from './instances';
import { describeOne, enaSupportOf, gatherPreflight } from './resizeFacts';
import {
  createSnapshot,
  type DeleteOutcome,
  deleteSnapshot,
  listOwnedSnapshots,
  type OwnedSnapshot,
  runningVolumes,
  type VolumeTarget,
} from './snapshots';
import { statusBatcher } from './statusBatcher';
import { gatherStopFacts } from './stopFacts';

/** DescribeInstanceStatus (all instances): state, the checks and scheduled events in one call. */
export interface StatusChecks {
  state: string;
  system: string;
  instance: string;
  /** AttachedEbsStatus.Status: `not-applicable` where EC2 reports none (a stopped instance). */
  ebs: string;
  events: ScheduledEvent[];
}

export interface ScheduledEvent {
  id: string;
  code: string;
  description?: string;
  notBefore?: string;
  notBeforeDeadline?: string;
}

/** One instance now (DescribeInstances): the model plus the state reason (why it stopped). */
export interface InstanceNow {
  info: InstanceInfo;
  state: string;
  type: string;
  stateReason?: string;
}

interface Dry {
  dryRun?: boolean;
}

/**
 * The EC2 port (STYLE.md: inject `Ec2Ops`): one account-region, one role session, and the only way to
 * EC2 outside src/aws (docs/architecture.md §2). Its reads for scans and alerts are `Ec2Reads`.
 * Mutating calls take `dryRun`: EC2 answers `DryRunOperation` when the call would have succeeded and
 * changes nothing; the port turns that answer into a plain return.
 */
export interface Ec2Ops extends Ec2Reads {
  describe(id: string): Promise<InstanceNow>;
  statusChecks(id: string): Promise<StatusChecks>;
  enaSupport(id: string): Promise<boolean>;
  /** What a stop costs the instance beyond DescribeInstances (type, stop protection, Spot request, root). */
  stopFacts(i: InstanceInfo, opts?: { withRoot?: boolean }): Promise<StopFacts>;
  /** Everything the resize preflight reads, for one instance and one target type. */
  preflightInput(id: string, targetType: string): Promise<PreflightInput>;
  /** AMIs owned by this account carrying tag `key=value` (an earlier attempt's image). */
  imagesByTag(key: string, value: string): Promise<{ id: string; state: string }[]>;
  stop(id: string, opts?: Dry & { hibernate?: boolean; force?: boolean }): Promise<void>;
  start(id: string, opts?: Dry): Promise<void>;
  reboot(id: string, opts?: Dry): Promise<void>;
  createImage(
    id: string,
    opts: Dry & { name: string; noReboot: boolean; tags: Record<string, string>; description?: string },
  ): Promise<string>;
  setType(id: string, type: string, opts?: Dry): Promise<void>;
  /** Never sent to moto (it wipes the instance's security groups, docs/architecture.md §7). */
  setEna(id: string, on: boolean): Promise<void>;
  modifyEventStartTime(id: string, eventId: string, notBefore: Date, opts?: Dry): Promise<void>;
  /** EBS volumes of the running instances (optionally only instances with a tag): what a snapshot run covers. */
  runningVolumes(onlyTag?: string): Promise<VolumeTarget[]>;
  ownedSnapshots(accountId: string, filters?: Filter[]): Promise<OwnedSnapshot[]>;
  createSnapshot(target: VolumeTarget, meta: { policy: string; runId: string }): Promise<string>;
  deleteSnapshot(snapshotId: string): Promise<DeleteOutcome>;
  /** Tags on the instance itself (the record of an operation in flight that outlives Redis). */
  tagInstance(id: string, tags: Record<string, string>): Promise<void>;
  untagInstance(id: string, keys: string[]): Promise<void>;
  /** Instances carrying tag key `key` (any state but terminated), with their tags. */
  instancesTagged(key: string): Promise<InstanceInfo[]>;
  /** Every instance of the region but terminated ones (MaintenanceOptions coverage). */
  instances(): Promise<InstanceInfo[]>;
  /** AWS's instance event windows of the region, with what each targets. */
  eventWindows(): Promise<EventWindow[]>;
  createEventWindow(name: string, ranges: HourRange[]): Promise<string>;
  modifyEventWindow(id: string, ranges: HourRange[]): Promise<void>;
  associateEventWindowTag(id: string, tag: { key: string; value: string }): Promise<void>;
  setMaintenanceOptions(
    id: string,
    o: Dry & { rebootMigration?: 'default' | 'disabled'; autoRecovery?: 'default' | 'disabled' },
  ): Promise<void>;
}

/** A DryRun call "fails" with DryRunOperation when it would have succeeded: that is the ok answer. */
async function maybeDry(dryRun: boolean | undefined, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (dryRun && classifyAwsError(err) === 'dry-run-ok') return;
    throw err;
  }
}

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export function ec2Ops(ec2: EC2Client, account: string, region: string): Ec2Ops {
  return {
    ...ec2Reads(ec2, account, region),
    async describe(id) {
      const { raw, info } = await describeOne(ec2, account, region, id);
      return { info, state: info.state, type: info.type, stateReason: raw.StateReason?.Code };
    },
    async statusChecks(id) {
      const s = await statusBatcher(ec2).read(id);
      return {
        state: String(s?.InstanceState?.Name ?? 'unknown'),
        system: String(s?.SystemStatus?.Status ?? 'unknown'),
        instance: String(s?.InstanceStatus?.Status ?? 'unknown'),
        ebs: String(s?.AttachedEbsStatus?.Status ?? 'not-applicable'),
        events: (s?.Events ?? []).map((e) => ({
          id: e.InstanceEventId ?? '',
          code: String(e.Code ?? ''),
          description: e.Description,
          notBefore: e.NotBefore?.toISOString(),
          notBeforeDeadline: e.NotBeforeDeadline?.toISOString(),
        })),
      };
    },
    enaSupport: (id) => enaSupportOf(ec2, { InstanceId: id }),
    stopFacts: (i, o) => gatherStopFacts(ec2, i, o),
    preflightInput: (id, target) => gatherPreflight(ec2, account, region, id, target),
    async imagesByTag(key, value) {
      const out = await ec2.send(
        new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: `tag:${key}`, Values: [value] }] }),
      );
      return (out.Images ?? []).map((i) => ({ id: i.ImageId ?? '', state: String(i.State ?? 'unknown') }));
    },
    stop: (id, o = {}) =>
      maybeDry(o.dryRun, () =>
        ec2.send(
          new StopInstancesCommand({
            InstanceIds: [id],
            Hibernate: o.hibernate,
            Force: o.force,
            DryRun: o.dryRun,
          }),
        ),
      ),
    start: (id, o = {}) =>
      maybeDry(o.dryRun, () => ec2.send(new StartInstancesCommand({ InstanceIds: [id], DryRun: o.dryRun }))),
    reboot: (id, o = {}) =>
      maybeDry(o.dryRun, () => ec2.send(new RebootInstancesCommand({ InstanceIds: [id], DryRun: o.dryRun }))),
    async createImage(id, o) {
      let imageId = '';
      await maybeDry(o.dryRun, async () => {
        const out = await ec2.send(
          new CreateImageCommand({
            InstanceId: id,
            Name: o.name,
            Description: o.description,
            NoReboot: o.noReboot,
            DryRun: o.dryRun,
            // Only the image is tagged: its snapshots are found through its block device mappings.
            TagSpecifications: o.dryRun ? undefined : [{ ResourceType: 'image', Tags: tagList(o.tags) }],
          }),
        );
        imageId = out.ImageId ?? '';
      });
      return imageId;
    },
    setType: (id, type, o = {}) =>
      maybeDry(o.dryRun, () =>
        ec2.send(
          new ModifyInstanceAttributeCommand({
            InstanceId: id,
            InstanceType: { Value: type as _InstanceType },
            DryRun: o.dryRun,
          }),
        ),
      ),
    async setEna(id, on) {
      await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, EnaSupport: { Value: on } }));
    },
    modifyEventStartTime: (id, eventId, notBefore, o = {}) =>
      maybeDry(o.dryRun, () =>
        ec2.send(
          new ModifyInstanceEventStartTimeCommand({
            InstanceId: id,
            InstanceEventId: eventId,
            NotBefore: notBefore,
            DryRun: o.dryRun,
          }),
        ),
      ),
    runningVolumes: (onlyTag) => runningVolumes(ec2, account, region, onlyTag),
    ownedSnapshots: (accountId, filters) => listOwnedSnapshots(ec2, accountId, filters),
    createSnapshot: (target, meta) => createSnapshot(ec2, target, meta),
    deleteSnapshot: (id) => deleteSnapshot(ec2, id),
    async tagInstance(id, tags) {
      await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: tagList(tags) }));
    },
    async untagInstance(id, keys) {
      await ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: keys.map((Key) => ({ Key })) }));
    },
    async instancesTagged(key) {
      const found = await describeInstances(ec2, account, region, {
        filters: [{ Name: 'tag-key', Values: [key] }],
      });
      return found.filter((i) => i.state !== 'terminated');
    },
    async instances() {
      return (await describeInstances(ec2, account, region)).filter((i) => i.state !== 'terminated');
    },
    eventWindows: () => describeEventWindows(ec2),
    createEventWindow: (name, ranges) => createEventWindow(ec2, name, ranges),
    modifyEventWindow: (id, ranges) => modifyEventWindow(ec2, id, ranges),
    associateEventWindowTag: (id, tag) => associateEventWindowTag(ec2, id, tag),
    setMaintenanceOptions: (id, o) => maybeDry(o.dryRun, () => setMaintenanceOptions(ec2, id, o)),
  };
}
