import type { EC2Client } from '@aws-sdk/client-ec2';
import { awsErrorName, classifyAwsError } from '../../src/aws/errors';
import {
  createSnapshot,
  deleteSnapshot,
  listOwnedSnapshots,
  runningVolumes,
  SNAPSHOT_TAG,
} from '../../src/aws/snapshots';
import { deletions } from '../../src/domain/retention';
import { policyTag } from '../../src/domain/snapshotPolicy';
import { planRegion } from '../../src/snapshots/gather';
import type { RunItem } from '../../src/views/snapshots';
import type { RunContext } from './run';
import type { RegionProgress, RunProgress } from './schema';

/** Saves the run's progress in the job: a retried or resumed attempt continues from it. */
export const saveProgress = async (rc: RunContext, progress: RunProgress): Promise<void> => {
  await rc.job.updateData({ ...rc.job.data, progress });
};

/**
 * An AWS service refused this item or region (it answered, with $metadata): recorded, not a crash of
 * the run. A throttle that outlasted the SDK's retries and a 5xx are not: they go up, the job retries
 * and resumes from its saved progress (one retry layer per level: the SDK's in the call, BullMQ's
 * around the job).
 */
export const isAwsAnswer = (err: unknown): boolean =>
  !!err &&
  typeof err === 'object' &&
  '$metadata' in err &&
  !['transient', 'throttled'].includes(classifyAwsError(err));

export const pushOnce = (list: RunItem[], item: RunItem): void => {
  if (!list.some((i) => i.id === item.id && i.region === item.region)) list.push(item);
};

const audit = (rc: RunContext, region: string, action: string, result: string, detail: object) =>
  rc.deps.audit.record({
    kind: 'aws-call',
    actor: rc.actor.requester,
    action,
    account: rc.account.alias,
    region,
    result,
    correlationId: rc.correlationId,
    detail: { ...detail, approver: rc.actor.approver, runId: rc.runId },
  });

/** Snapshots every volume of the running instances, once per run (found again by the run tag). */
export async function createStep(
  rc: RunContext,
  ec2: EC2Client,
  region: string,
  progress: RunProgress,
): Promise<number> {
  const targets = await runningVolumes(ec2, rc.account.alias, region, rc.policy.onlyTag);
  const mine = await listOwnedSnapshots(ec2, rc.account.id, [
    { Name: `tag:${SNAPSHOT_TAG.run}`, Values: [rc.runId] },
  ]);
  const done = new Set(mine.map((s) => s.volumeId));
  let created = done.size;
  for (const t of targets) {
    if (done.has(t.volumeId)) continue;
    done.add(t.volumeId); // a multi-attached volume appears under every instance: one snapshot
    try {
      const id = await createSnapshot(ec2, t, { policy: policyTag(rc.policy), runId: rc.runId });
      created += 1;
      await audit(rc, region, 'CreateSnapshot', 'ok', {
        snapshotId: id,
        volumeId: t.volumeId,
        instanceId: t.instanceId,
      });
    } catch (err) {
      if (!isAwsAnswer(err)) throw err;
      const name = awsErrorName(err);
      pushOnce(progress.failed, { id: t.volumeId, region, reason: `CreateSnapshot: ${name}` });
      await audit(rc, region, 'CreateSnapshot', name, { volumeId: t.volumeId, instanceId: t.instanceId });
    }
  }
  return created;
}

/** Plans over the account's own snapshots (this run's new ones left out) and deletes the plan's set. */
export async function deleteStep(
  rc: RunContext,
  ec2: EC2Client,
  region: string,
  progress: RunProgress,
  rp: RegionProgress,
): Promise<void> {
  const { plan } = await planRegion(ec2, rc.account, region, rc.policy, rc.deps.now(), {
    excludeRun: rc.runId,
    withTargets: false,
  });
  const retention = plan.retention;
  if (!retention) return;
  rp.kept = retention.totals.keepDaily + retention.totals.keepMonthly;
  for (const d of deletions(retention)) {
    const id = d.snapshot.id;
    try {
      const outcome = await deleteSnapshot(ec2, id);
      if (outcome === 'deleted') rp.deleted += 1;
      if (outcome === 'in-use') {
        pushOnce(progress.skipped, {
          id,
          region,
          reason: 'in use by an AMI (InvalidSnapshot.InUse): deregister the AMI and a later run deletes it',
        });
      }
      await audit(rc, region, 'DeleteSnapshot', outcome, {
        snapshotId: id,
        volumeId: d.snapshot.volumeId,
        reason: d.reason,
      });
    } catch (err) {
      if (!isAwsAnswer(err)) throw err;
      const name = awsErrorName(err);
      pushOnce(progress.failed, { id, region, reason: `DeleteSnapshot: ${name}` });
      await audit(rc, region, 'DeleteSnapshot', name, { snapshotId: id });
    }
    await saveProgress(rc, progress);
  }
}
