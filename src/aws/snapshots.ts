import {
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  type EC2Client,
  type Filter,
  paginateDescribeSnapshots,
  type Snapshot,
} from '@aws-sdk/client-ec2';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE, type SnapshotRecord } from '../domain/retention';
import { awsErrorName } from '../errors/aws';
import { describeInstances } from './instances';

/** Tags on every snapshot the bot creates. `managed-by` is what makes a snapshot the bot's to delete. */
export const SNAPSHOT_TAG = {
  managedBy: MANAGED_BY_TAG,
  policy: 'ec2bot:policy',
  volume: 'ec2bot:volume-id',
  instance: 'ec2bot:instance-id',
  instanceName: 'ec2bot:instance-name',
  device: 'ec2bot:device',
  /** The run (job) that created it: a retried run finds its own snapshots and creates no second one. */
  run: 'ec2bot:run',
} as const;

export interface OwnedSnapshot extends SnapshotRecord {
  ownerId?: string;
  tags: Record<string, string>;
  sizeGiB?: number;
}

/** An EBS volume of a running instance: what a run snapshots. */
export interface VolumeTarget {
  volumeId: string;
  instanceId: string;
  instanceName?: string;
  device: string;
}

const tagsOf = (s: Snapshot): Record<string, string> =>
  Object.fromEntries((s.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));

export function toOwnedSnapshot(s: Snapshot, accountId: string): OwnedSnapshot {
  const tags = tagsOf(s);
  // A snapshot the bot cannot date is never a deletion candidate: it is treated as not the bot's.
  const managed = tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE && s.OwnerId === accountId && !!s.StartTime;
  return {
    id: s.SnapshotId ?? '',
    // A copied snapshot reports vol-ffffffff; the bot's own tag names the real volume.
    volumeId: (managed && tags[SNAPSHOT_TAG.volume]) || s.VolumeId || 'unknown',
    startTime: s.StartTime ?? new Date(0),
    managed,
    state: s.State ? String(s.State) : undefined,
    ownerId: s.OwnerId,
    tags,
    sizeGiB: s.VolumeSize,
  };
}

/**
 * Snapshots owned by the account, every page. Uses the `owner-id` filter: `OwnerIds` is ignored by moto
 * (docs/architecture.md §7), and without an owner AWS also lists every public snapshot in the region.
 */
export async function listOwnedSnapshots(
  ec2: EC2Client,
  accountId: string,
  filters: Filter[] = [],
): Promise<OwnedSnapshot[]> {
  const out: OwnedSnapshot[] = [];
  const pages = paginateDescribeSnapshots(
    { client: ec2, pageSize: 1000 },
    { Filters: [{ Name: 'owner-id', Values: [accountId] }, ...filters] },
  );
  for await (const page of pages) {
    for (const s of page.Snapshots ?? []) {
      // Belt and braces: a snapshot of another owner is never ours, whatever a filter did.
      if (s.OwnerId && s.OwnerId !== accountId) continue;
      out.push(toOwnedSnapshot(s, accountId));
    }
  }
  return out;
}

/** `only_tag` as an EC2 filter: `Key` → any value, `Key=Value` → that value. */
export function onlyTagFilter(onlyTag: string): Filter {
  const eq = onlyTag.indexOf('=');
  if (eq < 0) return { Name: 'tag-key', Values: [onlyTag] };
  return { Name: `tag:${onlyTag.slice(0, eq)}`, Values: [onlyTag.slice(eq + 1)] };
}

/** EBS volumes of the running instances in the region (optionally only instances with a tag). */
export async function runningVolumes(
  ec2: EC2Client,
  accountAlias: string,
  region: string,
  onlyTag?: string,
): Promise<VolumeTarget[]> {
  const filters: Filter[] = [{ Name: 'instance-state-name', Values: ['running'] }];
  if (onlyTag) filters.push(onlyTagFilter(onlyTag));
  const instances = await describeInstances(ec2, accountAlias, region, { filters });
  return instances.flatMap((i) =>
    i.volumes.map((v) => ({
      volumeId: v.volumeId,
      instanceId: i.id,
      instanceName: i.name,
      device: v.device,
    })),
  );
}

/** EC2 tag values are at most 256 characters. */
const tagValue = (s: string): string => s.slice(0, 256);

/** CreateSnapshot with the bot's tags, in the same call (no untagged window). Returns the snapshot id. */
export async function createSnapshot(
  ec2: EC2Client,
  target: VolumeTarget,
  meta: { policy: string; runId: string },
): Promise<string> {
  const label = `${target.instanceName ?? target.instanceId} ${target.device}`;
  const tags = [
    [SNAPSHOT_TAG.managedBy, MANAGED_BY_VALUE],
    [SNAPSHOT_TAG.policy, meta.policy],
    [SNAPSHOT_TAG.volume, target.volumeId],
    [SNAPSHOT_TAG.instance, target.instanceId],
    [SNAPSHOT_TAG.device, target.device],
    [SNAPSHOT_TAG.run, meta.runId],
    ['Name', label],
    ...(target.instanceName ? [[SNAPSHOT_TAG.instanceName, target.instanceName]] : []),
  ].map(([Key, Value]) => ({ Key, Value: tagValue(Value ?? '') }));
  const out = await ec2.send(
    new CreateSnapshotCommand({
      VolumeId: target.volumeId,
      Description: tagValue(`ec2-ops-bot retention (${meta.policy}) ${label}`).slice(0, 255),
      TagSpecifications: [{ ResourceType: 'snapshot', Tags: tags }],
    }),
  );
  if (!out.SnapshotId) throw new Error('CreateSnapshot returned no snapshot id');
  return out.SnapshotId;
}

/** `in-use`: an AMI is registered from it (InvalidSnapshot.InUse). `gone`: already deleted. */
export type DeleteOutcome = 'deleted' | 'in-use' | 'gone';

export async function deleteSnapshot(ec2: EC2Client, snapshotId: string): Promise<DeleteOutcome> {
  try {
    await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
    return 'deleted';
  } catch (err) {
    const name = awsErrorName(err);
    if (name === 'InvalidSnapshot.InUse') return 'in-use';
    if (name === 'InvalidSnapshot.NotFound') return 'gone';
    throw err;
  }
}
