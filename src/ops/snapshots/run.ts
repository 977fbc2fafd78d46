import { z } from 'zod';
import type { Ec2Ops } from '../../aws/ec2Ops';
import { SNAPSHOT_TAG } from '../../aws/snapshots';
import { deletions } from '../../domain/retention';
import { policyTag, type SnapshotPolicy } from '../../domain/snapshotPolicy';
import { awsErrorName, classifyAwsError, isAwsAnswer } from '../../errors/aws';
import type { RunItem } from '../../views/snapshots';
import type { StepContext } from '../spec';
import { planRegion } from './gather';

const item = z.object({ id: z.string(), region: z.string(), reason: z.string() });
const regionProgress = z.object({
  created: z.number().int().default(0),
  deleted: z.number().int().default(0),
  kept: z.number().int().default(0),
});
export type RegionProgress = z.infer<typeof regionProgress>;

/** A retention run's progress, saved in the operation's outputs after every side effect. */
export const runProgress = z.object({
  regions: z.record(z.string(), regionProgress).default({}),
  skipped: z.array(item).default([]),
  failed: z.array(item).default([]),
});
export type RunProgress = z.infer<typeof runProgress>;

export const parseProgress = (v: unknown): RunProgress => runProgress.parse(v ?? {});
export const progressOf = (ctx: StepContext): RunProgress => parseProgress(ctx.outputs.progress);

export const regionOf = (p: RunProgress, region: string): RegionProgress => {
  p.regions[region] ??= { created: 0, deleted: 0, kept: 0 };
  return p.regions[region];
};

export const pushOnce = (list: RunItem[], i: RunItem): void => {
  if (!list.some((x) => x.id === i.id && x.region === i.region)) list.push(i);
};

/**
 * An AWS answer about one item (not a throttle or a 5xx): recorded as that item's failure, the run
 * goes on. A throttle that outlasted the SDK's retries and a 5xx go up: the job's retry resumes the
 * run from its saved progress (one retry layer per level).
 */
export const itemError = (err: unknown): boolean =>
  isAwsAnswer(err) && !['transient', 'throttled'].includes(classifyAwsError(err));

/** Snapshots every volume of the running instances, once per run (found again by the run tag). */
export async function createSnapshots(
  ctx: StepContext,
  ec2: Ec2Ops,
  region: string,
  policy: SnapshotPolicy,
  progress: RunProgress,
): Promise<void> {
  const rp = regionOf(progress, region);
  const targets = await ec2.runningVolumes(policy.onlyTag);
  const mine = await ec2.ownedSnapshots(ctx.account.id, [
    { Name: `tag:${SNAPSHOT_TAG.run}`, Values: [ctx.jobId] },
  ]);
  const done = new Set(mine.map((s) => s.volumeId));
  rp.created = done.size;
  for (const t of targets) {
    if (done.has(t.volumeId)) continue;
    done.add(t.volumeId); // a multi-attached volume appears under every instance: one snapshot
    try {
      const snapshotId = await ec2.createSnapshot(t, { policy: policyTag(policy), runId: ctx.jobId });
      rp.created += 1;
      await ctx.audit('CreateSnapshot', 'ok', {
        region,
        snapshotId,
        volumeId: t.volumeId,
        instanceId: t.instanceId,
      });
    } catch (err) {
      if (!itemError(err)) throw err;
      const name = awsErrorName(err);
      pushOnce(progress.failed, { id: t.volumeId, region, reason: `CreateSnapshot: ${name}` });
      await ctx.audit('CreateSnapshot', name, { region, volumeId: t.volumeId, instanceId: t.instanceId });
    }
  }
}

/** Plans over the account's own snapshots (this run's new ones left out) and deletes the plan's set. */
export async function deleteExpired(
  ctx: StepContext,
  ec2: Ec2Ops,
  region: string,
  policy: SnapshotPolicy,
  progress: RunProgress,
): Promise<void> {
  const rp = regionOf(progress, region);
  const { plan } = await planRegion(ec2, ctx.account, region, policy, ctx.deps.now(), {
    excludeRun: ctx.jobId,
    withTargets: false,
  });
  const retention = plan.retention;
  if (!retention) return;
  rp.kept = retention.totals.keepDaily + retention.totals.keepMonthly;
  for (const d of deletions(retention)) {
    const snapshotId = d.snapshot.id;
    try {
      const outcome = await ec2.deleteSnapshot(snapshotId);
      if (outcome === 'deleted') rp.deleted += 1;
      if (outcome === 'in-use') {
        pushOnce(progress.skipped, {
          id: snapshotId,
          region,
          reason: 'in use by an AMI (InvalidSnapshot.InUse): deregister the AMI and a later run deletes it',
        });
      }
      await ctx.audit('DeleteSnapshot', outcome, {
        region,
        snapshotId,
        volumeId: d.snapshot.volumeId,
        reason: d.reason,
      });
    } catch (err) {
      if (!itemError(err)) throw err;
      const name = awsErrorName(err);
      pushOnce(progress.failed, { id: snapshotId, region, reason: `DeleteSnapshot: ${name}` });
      await ctx.audit('DeleteSnapshot', name, { region, snapshotId });
    }
    await ctx.save({ progress });
  }
}
