import {
  CreateImageCommand,
  DescribeImagesCommand,
  type EC2Client,
  ModifyInstanceEventStartTimeCommand,
  RebootInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { classifyAwsError } from './errors';
import { statusBatcher } from './statusBatcher';

/**
 * The EC2 calls operations make, as a narrow port (STYLE.md: inject `Ec2Ops`). Mutating calls take
 * `dryRun`: EC2 answers `DryRunOperation` when the call would have succeeded, and changes nothing.
 */
export interface Ec2Ops {
  statusChecks(id: string): Promise<StatusChecks>;
  stop(id: string, opts?: { hibernate?: boolean; dryRun?: boolean }): Promise<void>;
  start(id: string, opts?: { dryRun?: boolean }): Promise<void>;
  reboot(id: string, opts?: { dryRun?: boolean }): Promise<void>;
  createImage(
    id: string,
    opts: { name: string; noReboot: boolean; tags: Record<string, string>; dryRun?: boolean },
  ): Promise<string>;
  /** AMIs owned by this account carrying tag `key=value` (an earlier attempt's image). */
  imagesByTag(key: string, value: string): Promise<{ id: string; state: string }[]>;
  modifyEventStartTime(
    id: string,
    eventId: string,
    notBefore: Date,
    opts?: { dryRun?: boolean },
  ): Promise<void>;
}

/** DescribeInstanceStatus (all instances): state, both checks and scheduled events in one call. */
export interface StatusChecks {
  state: string;
  system: string;
  instance: string;
  events: ScheduledEvent[];
}

export interface ScheduledEvent {
  id: string;
  code: string;
  description?: string;
  notBefore?: string;
  notBeforeDeadline?: string;
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

export function ec2Ops(ec2: EC2Client): Ec2Ops {
  return {
    async statusChecks(id) {
      const s = await statusBatcher(ec2).read(id);
      return {
        state: String(s?.InstanceState?.Name ?? 'unknown'),
        system: String(s?.SystemStatus?.Status ?? 'unknown'),
        instance: String(s?.InstanceStatus?.Status ?? 'unknown'),
        events: (s?.Events ?? []).map((e) => ({
          id: e.InstanceEventId ?? '',
          code: String(e.Code ?? ''),
          description: e.Description,
          notBefore: e.NotBefore?.toISOString(),
          notBeforeDeadline: e.NotBeforeDeadline?.toISOString(),
        })),
      };
    },
    stop: (id, o = {}) =>
      maybeDry(o.dryRun, () =>
        ec2.send(new StopInstancesCommand({ InstanceIds: [id], Hibernate: o.hibernate, DryRun: o.dryRun })),
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
            NoReboot: o.noReboot,
            DryRun: o.dryRun,
            TagSpecifications: [
              { ResourceType: 'image', Tags: Object.entries(o.tags).map(([Key, Value]) => ({ Key, Value })) },
            ],
          }),
        );
        imageId = out.ImageId ?? '';
      });
      return imageId;
    },
    async imagesByTag(key, value) {
      const out = await ec2.send(
        new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: `tag:${key}`, Values: [value] }] }),
      );
      return (out.Images ?? []).map((i) => ({ id: i.ImageId ?? '', state: String(i.State ?? 'unknown') }));
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
  };
}
