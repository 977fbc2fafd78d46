import {
  CreateSnapshotCommand,
  CreateTagsCommand,
  DescribeInstancesCommand,
  type EC2Client,
  RegisterImageCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { Moto } from './moto';

/**
 * A fleet with nine months of snapshot history, seeded in moto for the snapshot-retention tests.
 * moto stamps every snapshot "now": StartTime, OwnerId and "in use by an AMI" are set through the
 * launcher's /_ec2bot/snapshot control endpoint.
 */

export const PROD = '111111111111';
export const STAGING = '222222222222';
/** The bot's clock in these tests: 21 November 2026, 21:00 in Seoul. */
export const NOW = new Date('2026-11-21T12:00:00Z');
const DAY = 86_400_000;

const rootVolume = async (ec2: EC2Client, instanceId: string): Promise<string> => {
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return out.Reservations![0]!.Instances![0]!.BlockDeviceMappings![0]!.Ebs!.VolumeId!;
};

/** Creates a snapshot (bot-tagged unless `foreign`) and moves its StartTime into the past. */
async function seed(
  moto: Moto,
  account: string,
  region: string,
  ec2: EC2Client,
  volumeId: string,
  at: Date | string,
  o: { foreign?: boolean; ownerId?: string } = {},
): Promise<string> {
  const tags = o.foreign
    ? [{ Key: 'Name', Value: 'taken by hand' }]
    : [
        { Key: 'managed-by', Value: 'ec2-ops-bot' },
        { Key: 'ec2bot:volume-id', Value: volumeId },
      ];
  const out = await ec2.send(
    new CreateSnapshotCommand({
      VolumeId: volumeId,
      TagSpecifications: [{ ResourceType: 'snapshot', Tags: tags }],
    }),
  );
  const startTime = typeof at === 'string' ? at : at.toISOString();
  await moto.patchSnapshot(account, region, out.SnapshotId!, { startTime, ownerId: o.ownerId });
  return out.SnapshotId!;
}

/** label → snapshot id; `keep` lists the labels the policy keeps (worked out by hand below). */
export interface Seeded {
  ids: Map<string, string>;
  keep: Set<string>;
}

const kst = (date: string, time = '03:00'): string => `${date}T${time}:00+09:00`;

/**
 * prod us-east-1, web-1's volume: 40 daily snapshots (15:00 KST) and 9 months of the 1st/10th/20th.
 * Policy: 30 days, 7 months, Asia/Seoul; now = 2026-11-21 21:00 KST → daily cutoff 2026-10-22 21:00
 * KST, months May…November. Kept: the 30 newest dailies (d0…d29) and the first of May…October —
 * June has no 1st (the 3rd counts), August's first in Seoul is 23:30 UTC on 31 July, September has
 * two on the 1st (the earlier counts). Everything else bot-made is deleted.
 */
function webHistory(): [string, string][] {
  const out: [string, string][] = [];
  for (let k = 0; k < 40; k++)
    out.push([`d${k}`, new Date(NOW.getTime() - k * DAY - 6 * 3_600_000).toISOString()]);
  for (const m of ['02', '03', '04', '05', '06', '07', '08', '09', '10']) {
    if (m === '06') out.push(['m06-03', kst('2026-06-03')]);
    else if (m === '08')
      out.push(['m08-01-seoul', '2026-07-31T23:30:00Z'], ['m08-01-late', '2026-08-01T01:00:00Z']);
    else out.push([`m${m}-01`, kst(`2026-${m}-01`)]);
    if (m === '09') out.push(['m09-01-late', kst('2026-09-01', '09:00')]);
    out.push([`m${m}-10`, kst(`2026-${m}-10`)], [`m${m}-20`, kst(`2026-${m}-20`)]);
  }
  return out;
}
const WEB_KEEP = [
  ...Array.from({ length: 30 }, (_, k) => `d${k}`),
  'm05-01',
  'm06-03',
  'm07-01',
  'm08-01-seoul',
  'm09-01',
  'm10-01',
];

async function seedAll(
  moto: Moto,
  ec2: EC2Client,
  account: string,
  region: string,
  volumeId: string,
  rows: [string, string][],
) {
  const ids = new Map<string, string>();
  await Promise.all(
    rows.map(async ([label, at]) => ids.set(label, await seed(moto, account, region, ec2, volumeId, at))),
  );
  return ids;
}

export interface Fleet {
  east: EC2Client;
  west: EC2Client;
  stagingEast: EC2Client;
  prodEast: Seeded;
  prodWest: Seeded;
  extra: { foreign: string; otherOwner: string; inUse: string; image: string };
  volumes: { web: string; evil: string; db: string; stopped: string; tagged: string; untagged: string };
  stagingIds: Map<string, string>;
}

/**
 * prod (Asia/Seoul, 30 days, 7 months): web-1 and "<!channel> pwn" in us-east-1, db-1 and a stopped
 * instance in eu-west-1; a foreign snapshot, another owner's, and one an AMI uses. staging (UTC,
 * 7 days, 3 months, only instances tagged backup=daily) in us-east-1.
 */
export async function seedFleet(moto: Moto): Promise<Fleet> {
  const prodEast: Seeded = { ids: new Map(), keep: new Set() };
  const prodWest: Seeded = { ids: new Map(), keep: new Set() };
  const extra = { foreign: '', otherOwner: '', inUse: '', image: '' };
  const volumes = { web: '', evil: '', db: '', stopped: '', tagged: '', untagged: '' };
  const stagingIds = new Map<string, string>();
  const east = await moto.ec2(PROD, 'us-east-1');
  const west = await moto.ec2(PROD, 'eu-west-1');
  const stagingEast = await moto.ec2(STAGING, 'us-east-1');
  const [web] = await moto.launch(PROD, 'us-east-1', { name: 'web-1' });
  const [evil] = await moto.launch(PROD, 'us-east-1', { name: '<!channel> pwn' });
  const [db] = await moto.launch(PROD, 'eu-west-1', { name: 'db-1' });
  const [stopped] = await moto.launch(PROD, 'eu-west-1', { name: 'stopped-1' });
  await west.send(new StopInstancesCommand({ InstanceIds: [stopped!] }));
  volumes.web = await rootVolume(east, web!);
  volumes.evil = await rootVolume(east, evil!);
  volumes.db = await rootVolume(west, db!);
  volumes.stopped = await rootVolume(west, stopped!);

  // prod us-east-1
  for (const [k, v] of await seedAll(moto, east, PROD, 'us-east-1', volumes.web, webHistory()))
    prodEast.ids.set(k, v);
  for (const l of WEB_KEEP) prodEast.keep.add(l);
  const evilRows: [string, string][] = [0, 1, 2].map((k) => [
    `e${k}`,
    new Date(NOW.getTime() - k * DAY - 2 * 3_600_000).toISOString(),
  ]);
  evilRows.push(['e-old', kst('2026-03-10')]);
  for (const [k, v] of await seedAll(moto, east, PROD, 'us-east-1', volumes.evil, evilRows))
    prodEast.ids.set(k, v);
  for (const l of ['e0', 'e1', 'e2']) prodEast.keep.add(l);
  extra.foreign = await seed(moto, PROD, 'us-east-1', east, volumes.web, kst('2026-03-05'), {
    foreign: true,
  });
  extra.otherOwner = await seed(moto, PROD, 'us-east-1', east, volumes.web, kst('2026-03-06'), {
    ownerId: '999999999999',
  });
  extra.inUse = await seed(moto, PROD, 'us-east-1', east, volumes.web, kst('2026-04-15'));
  const image = await east.send(
    new RegisterImageCommand({
      Name: 'restored-web',
      RootDeviceName: '/dev/sda1',
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { SnapshotId: extra.inUse } }],
    }),
  );
  extra.image = image.ImageId!;
  await moto.patchSnapshot(PROD, 'us-east-1', extra.inUse, { inUseBy: extra.image });

  // prod eu-west-1: 35 dailies (keep 30 + the earliest of October), the 1st of April (outside May…Nov)
  // and of May (kept)
  const dbRows: [string, string][] = Array.from({ length: 35 }, (_, k) => [
    `w${k}`,
    new Date(NOW.getTime() - k * DAY - 6 * 3_600_000).toISOString(),
  ]);
  dbRows.push(['w-apr01', kst('2026-04-01')], ['w-may01', kst('2026-05-01')]);
  for (const [k, v] of await seedAll(moto, west, PROD, 'eu-west-1', volumes.db, dbRows))
    prodWest.ids.set(k, v);
  for (let k = 0; k < 30; k++) prodWest.keep.add(`w${k}`);
  // October has no 1st here: its earliest snapshot (w34, 18 October) is October's monthly
  prodWest.keep.add('w34');
  prodWest.keep.add('w-may01');

  // staging us-east-1: only instances tagged backup=daily are snapshotted
  const [tagged] = await moto.launch(STAGING, 'us-east-1', { name: 'api-1' });
  const [untagged] = await moto.launch(STAGING, 'us-east-1', { name: 'scratch-1' });
  await stagingEast.send(
    new CreateTagsCommand({ Resources: [tagged!], Tags: [{ Key: 'backup', Value: 'daily' }] }),
  );
  volumes.tagged = await rootVolume(stagingEast, tagged!);
  volumes.untagged = await rootVolume(stagingEast, untagged!);
  // 7 days, 3 months (September…November, UTC): keep 11-20 and the first of October
  for (const [label, at] of [
    ['s-jan', '2026-01-10T00:00:00Z'],
    ['s-oct05', '2026-10-05T00:00:00Z'],
    ['s-oct06', '2026-10-06T00:00:00Z'],
    ['s-nov20', '2026-11-20T00:00:00Z'],
  ] as const) {
    stagingIds.set(label, await seed(moto, STAGING, 'us-east-1', stagingEast, volumes.tagged, at));
  }

  return { east, west, stagingEast, prodEast, prodWest, extra, volumes, stagingIds };
}
