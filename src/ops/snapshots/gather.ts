import type { Actor } from '../../aws/clients';
import type { Ec2Ops } from '../../aws/ec2Ops';
import { type OwnedSnapshot, SNAPSHOT_TAG, type VolumeTarget } from '../../aws/snapshots';
import type { Account } from '../../config/types';
import type { Deps } from '../../deps';
import { planRetention } from '../../domain/retention';
import type { RegionPlan, SnapshotPolicy } from '../../domain/snapshotPolicy';
import { awsErrorName, isAwsAnswer } from '../../errors/aws';
import type { Logger } from '../../logger';

/** Volume labels: running instances first, else what the bot tagged on its snapshots. */
function labels(targets: VolumeTarget[], snaps: OwnedSnapshot[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of snaps) {
    const who = s.tags[SNAPSHOT_TAG.instanceName] || s.tags[SNAPSHOT_TAG.instance];
    if (s.managed && who) out[s.volumeId] = `${who} ${s.tags[SNAPSHOT_TAG.device] ?? ''}`.trim();
  }
  for (const t of targets) out[t.volumeId] = `${t.instanceName ?? t.instanceId} ${t.device}`;
  return out;
}

/**
 * Reads one region and plans it: the volumes a run would snapshot and the retention decision over the
 * account's own snapshots. `excludeRun` leaves out the snapshots a run has just created (they are new
 * and kept; taking them out changes no other decision: they are the newest of their volume).
 */
export async function planRegion(
  ec2: Pick<Ec2Ops, 'runningVolumes' | 'ownedSnapshots'>,
  account: Account,
  region: string,
  policy: SnapshotPolicy,
  now: Date,
  opts: { excludeRun?: string; withTargets?: boolean } = {},
): Promise<{ plan: RegionPlan; snapshots: OwnedSnapshot[] }> {
  const targets = policy.create && opts.withTargets !== false ? await ec2.runningVolumes(policy.onlyTag) : [];
  const all = await ec2.ownedSnapshots(account.id);
  const history = opts.excludeRun ? all.filter((s) => s.tags[SNAPSHOT_TAG.run] !== opts.excludeRun) : all;
  const retention = planRetention(history, policy, now, policy.tz);
  return {
    plan: { region, toCreate: targets, retention, volumeLabels: labels(targets, all) },
    snapshots: all,
  };
}

/**
 * Plans every region in parallel; a region that cannot be read becomes an `error` entry (by AWS error
 * name) and hides nothing else. Errors that are not AWS answers (bugs) are thrown.
 */
export async function planRegions(
  deps: Pick<Deps, 'ec2Port'>,
  account: Account,
  policy: SnapshotPolicy,
  regions: string[],
  now: Date,
  actor: Actor,
  log?: Logger,
): Promise<RegionPlan[]> {
  return Promise.all(
    regions.map(async (region): Promise<RegionPlan> => {
      try {
        const ec2 = deps.ec2Port(account, region, actor);
        return (await planRegion(ec2, account, region, policy, now)).plan;
      } catch (err) {
        if (!isAwsAnswer(err)) throw err;
        log?.warn({ err, region }, 'snapshot plan: region not read');
        return { region, toCreate: [], volumeLabels: {}, error: awsErrorName(err) };
      }
    }),
  );
}
