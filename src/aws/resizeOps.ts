import {
  type _InstanceType,
  CreateImageCommand,
  DescribeImagesCommand,
  DescribeInstanceStatusCommand,
  type EC2Client,
  ModifyInstanceAttributeCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { PreflightInput } from '../domain/preflight';
import { describeOne, enaSupportOf, gatherPreflight } from './resizeFacts';

export const DRY_RUN_CALLS = [
  'StopInstances',
  'CreateImage',
  'ModifyInstanceAttribute',
  'StartInstances',
] as const;
export type DryRunCall = (typeof DRY_RUN_CALLS)[number];

export interface InstanceNow {
  state: string;
  type: string;
  stateReason?: string;
}

export interface StatusNow {
  system?: string;
  instance?: string;
}

/**
 * The EC2 calls the resize step machine makes, as a narrow port: the job is tested on moto through the
 * SDK adapter below, and the one call moto cannot take (EnaSupport: it wipes the instance's security
 * groups, DESIGN.md §7) is exercised against a mocked client in a unit test.
 */
export interface ResizeEc2 {
  /** Everything the preflight reads (the job re-checks before its first side effect). */
  preflightInput(instanceId: string, targetType: string): Promise<PreflightInput>;
  describe(instanceId: string): Promise<InstanceNow>;
  enaSupport(instanceId: string): Promise<boolean>;
  stop(instanceId: string): Promise<void>;
  start(instanceId: string): Promise<void>;
  setType(instanceId: string, type: string): Promise<void>;
  /** The call with EC2's DryRun flag: EC2 answers DryRunOperation when the role may make it. */
  dryRun(call: DryRunCall, instanceId: string, targetType: string): Promise<void>;
  setEna(instanceId: string, on: boolean): Promise<void>;
  /** The backup AMI this job created, found by its job tag (a resumed job must not make a second). */
  findBackup(tagKey: string, tagValue: string): Promise<{ id: string; state: string } | undefined>;
  createBackup(instanceId: string, name: string, tags: Record<string, string>): Promise<string>;
  imageState(imageId: string): Promise<string | undefined>;
  status(instanceId: string): Promise<StatusNow>;
}

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export function ec2ResizeOps(ec2: EC2Client, account: string, region: string): ResizeEc2 {
  return {
    preflightInput: (id, target) => gatherPreflight(ec2, account, region, id, target),
    async describe(id) {
      const { raw, info } = await describeOne(ec2, account, region, id);
      return { state: info.state, type: info.type, stateReason: raw.StateReason?.Code };
    },
    enaSupport: (id) => enaSupportOf(ec2, { InstanceId: id }),
    async stop(id) {
      await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    },
    async start(id) {
      await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    },
    async setType(id, type) {
      await ec2.send(
        new ModifyInstanceAttributeCommand({
          InstanceId: id,
          InstanceType: { Value: type as _InstanceType },
        }),
      );
    },
    async dryRun(call, id, type) {
      const ids = { InstanceIds: [id], DryRun: true };
      if (call === 'StopInstances') await ec2.send(new StopInstancesCommand(ids));
      else if (call === 'StartInstances') await ec2.send(new StartInstancesCommand(ids));
      else if (call === 'CreateImage')
        await ec2.send(
          new CreateImageCommand({ InstanceId: id, Name: `ec2bot-dry-run-${id}`, DryRun: true }),
        );
      else
        await ec2.send(
          new ModifyInstanceAttributeCommand({
            InstanceId: id,
            InstanceType: { Value: type as _InstanceType },
            DryRun: true,
          }),
        );
    },
    async setEna(id, on) {
      await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, EnaSupport: { Value: on } }));
    },
    async findBackup(key, value) {
      const out = await ec2.send(
        new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: `tag:${key}`, Values: [value] }] }),
      );
      const im = out.Images?.[0];
      return im?.ImageId ? { id: im.ImageId, state: String(im.State ?? 'pending') } : undefined;
    },
    async createBackup(id, name, tags) {
      const out = await ec2.send(
        new CreateImageCommand({
          InstanceId: id,
          Name: name,
          Description: `ec2-ops-bot backup before a type change of ${id}`,
          NoReboot: true,
          // Only the image is tagged: its snapshots are found through its block device mappings.
          TagSpecifications: [{ ResourceType: 'image', Tags: tagList(tags) }],
        }),
      );
      if (!out.ImageId) throw new Error('CreateImage returned no image id');
      return out.ImageId;
    },
    async imageState(imageId) {
      const out = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
      const s = out.Images?.[0]?.State;
      return s ? String(s) : undefined;
    },
    async status(id) {
      const out = await ec2.send(
        new DescribeInstanceStatusCommand({ InstanceIds: [id], IncludeAllInstances: true }),
      );
      const s = out.InstanceStatuses?.[0];
      return { system: s?.SystemStatus?.Status, instance: s?.InstanceStatus?.Status };
    },
  };
}
