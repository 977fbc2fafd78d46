import {
  type _InstanceType,
  AllocateAddressCommand,
  AssociateAddressCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  DescribeInstancesCommand,
  type EC2Client,
  RequestSpotInstancesCommand,
  RunInstancesCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { Moto } from '../test/helpers/moto';
import { accountIdOf, FLEET, type FleetInstance, type FleetSpec } from './fleet';

const D = 24 * 3600_000;
/** moto ships this AMI in every region. */
const AMI = 'ami-12c6146b';

export interface SeedResult {
  instances: FleetInstance[];
  snapshots: number;
  /** False when the launcher cannot backdate snapshots (no /_ec2bot/snapshot yet): all stamped "now". */
  snapshotsBackdated: boolean;
}

/**
 * Seeds moto with FLEET: instances (Spot where asked), tags, EIPs, scheduled events, status overrides,
 * RootDeviceType / MaintenanceOptions and volume status through the launcher, snapshot history.
 */
export async function seedFleet(moto: Moto, now: Date = new Date()): Promise<SeedResult> {
  const clients = new Map<string, EC2Client>();
  const ec2 = async (spec: FleetSpec): Promise<EC2Client> => {
    const key = `${spec.account}/${spec.region}`;
    let c = clients.get(key);
    if (!c) {
      c = await moto.ec2(accountIdOf(spec.account), spec.region);
      clients.set(key, c);
    }
    return c;
  };
  const instances: FleetInstance[] = [];
  let snapshots = 0;
  let backdated = true;
  for (const spec of FLEET) {
    const client = await ec2(spec);
    const id = await launch(client, spec);
    const accountId = accountIdOf(spec.account);
    if (spec.eip) await attachEip(client, id);
    const events = spec.events?.(now) ?? [];
    if (events.length) await moto.injectEvents(accountId, spec.region, id, events);
    if (spec.status) await moto.setStatus(accountId, spec.region, id, spec.status);
    if (spec.rootDeviceType || spec.maintenance)
      await moto.patchInstance(accountId, spec.region, id, {
        rootDeviceType: spec.rootDeviceType,
        ...spec.maintenance,
      });
    if (spec.volumeStatus)
      await moto.setVolumeStatus(accountId, spec.region, { instanceId: id }, spec.volumeStatus);
    for (let day = (spec.snapshotDays ?? 0) - 1; day >= 0; day--) {
      const snap = await snapshot(client, id, spec.name);
      snapshots += 1;
      const at = new Date(now.getTime() - day * D - 3600_000).toISOString();
      backdated = (await backdate(moto, accountId, spec.region, snap, at)) && backdated;
    }
    instances.push({
      account: spec.account,
      accountId,
      region: spec.region,
      id,
      name: spec.name,
      type: spec.type,
      events: events.filter((e) => !e.Description?.startsWith('[Completed]')).map((e) => e.Code),
    });
  }
  return { instances, snapshots, snapshotsBackdated: backdated };
}

async function launch(client: EC2Client, spec: FleetSpec): Promise<string> {
  const tags: Tag[] = [
    { Key: 'Name', Value: spec.name },
    ...Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    ...(spec.asg ? [{ Key: 'aws:autoscaling:groupName', Value: spec.asg }] : []),
  ];
  if (spec.spot) return launchSpot(client, spec, tags);
  const out = await client.send(
    new RunInstancesCommand({
      ImageId: AMI,
      InstanceType: spec.type as _InstanceType,
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: tags }],
    }),
  );
  const id = out.Instances?.[0]?.InstanceId;
  if (!id) throw new Error(`moto did not launch ${spec.name}`);
  return id;
}

async function attachEip(client: EC2Client, instanceId: string): Promise<void> {
  const eip = await client.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  await client.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: instanceId }));
}

async function snapshot(client: EC2Client, instanceId: string, name: string): Promise<string> {
  const out = await client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const volumeId = out.Reservations?.[0]?.Instances?.[0]?.BlockDeviceMappings?.[0]?.Ebs?.VolumeId;
  if (!volumeId) throw new Error(`no root volume on ${instanceId}`);
  const snap = await client.send(
    new CreateSnapshotCommand({
      VolumeId: volumeId,
      Description: `daily backup of ${name}`,
      TagSpecifications: [
        {
          ResourceType: 'snapshot',
          Tags: [
            { Key: 'Name', Value: `${name}-daily` },
            { Key: 'managed-by', Value: 'ec2-ops-bot' },
            { Key: 'ec2bot:volume-id', Value: volumeId },
          ],
        },
      ],
    }),
  );
  return snap.SnapshotId ?? '';
}

/** Moves a snapshot's StartTime into the past when the launcher can (a no-op answer 404 otherwise). */
async function backdate(
  moto: Moto,
  account: string,
  region: string,
  id: string,
  at: string,
): Promise<boolean> {
  const res = await fetch(`${moto.url}/_ec2bot/snapshot`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, region, snapshot_id: id, start_time: at }),
  });
  await res.text();
  return res.ok;
}

/**
 * A Spot instance through a Spot request of the spec's type (one-time unless `spot: 'persistent'`), as
 * DescribeSpotInstanceRequests shows it: `/ec2 stop` of a one-time Spot instance is blocked; a
 * persistent one gets a warning.
 */
async function launchSpot(client: EC2Client, spec: FleetSpec, tags: Tag[]): Promise<string> {
  const out = await client.send(
    new RequestSpotInstancesCommand({
      InstanceCount: 1,
      Type: spec.spot === 'persistent' ? 'persistent' : 'one-time',
      LaunchSpecification: { ImageId: AMI, InstanceType: spec.type as _InstanceType },
    }),
  );
  const id = out.SpotInstanceRequests?.[0]?.InstanceId;
  if (!id) throw new Error(`moto did not launch the Spot instance ${spec.name}`);
  await client.send(new CreateTagsCommand({ Resources: [id], Tags: tags }));
  return id;
}
