import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Job } from 'bullmq';
import { awsErrorName, classifyAwsError } from '../../src/aws/errors';
import {
  createSnapshot,
  deleteSnapshot,
  listOwnedSnapshots,
  runningVolumes,
  SNAPSHOT_TAG,
} from '../../src/aws/snapshots';
import { withThrottleRetry } from '../../src/aws/throttleRetry';
import type { Account } from '../../src/config/types';
import type { Deps } from '../../src/deps';
import { deletions } from '../../src/domain/retention';
import { policyTag, type SnapshotPolicy } from '../../src/domain/snapshotPolicy';
import type { Logger } from '../../src/logger';
import { InstanceLock } from '../../src/ops/lock';
import type { SlackMessage } from '../../src/slack/message';
import { planRegion } from '../../src/snapshots/gather';
import {
  type RunItem,
  type RunSummary,
  regionProgressView,
  runBusyView,
  runStartView,
  runSummaryView,
} from '../../src/views/snapshots';
import type { RegionProgress, RunProgress } from './schema';

export interface RunContext {
  deps: Deps;
  job: Job;
  log: Logger;
  account: Account;
  policy: SnapshotPolicy;
  regions: string[];
  actor: { requester: string; approver?: string };
  kind: 'scheduled' | 'apply';
  channel?: string;
  /** An existing message (the approval) to thread progress under instead of posting our own. */
  threadTs?: string;
  correlationId: string;
  /** Tagged on every snapshot the run creates (`ec2bot:run`): a retry finds them and creates no second. */
  runId: string;
}

/** The lock that keeps a scheduled run and an `apply` off one account at the same time. */
const LOCK_SCOPE = { region: 'all', id: 'snapshot-retention' } as const;

/** An AWS service answered (it has $metadata): recorded per item or region, not a crash of the run. */
const isAwsAnswer = (err: unknown): boolean =>
  !!err && typeof err === 'object' && '$metadata' in err && classifyAwsError(err) !== 'transient';

const pushOnce = (list: RunItem[], item: RunItem): void => {
  if (!list.some((i) => i.id === item.id && i.region === item.region)) list.push(item);
};

/**
 * One retention run: per region, snapshot the running instances' volumes, then plan and delete.
 * A step machine: progress is saved after every side effect; a retry resumes where it stopped.
 */
export async function runRetention(rc: RunContext): Promise<RunSummary | { busy: true }> {
  const lock = new InstanceLock(rc.deps.redis, rc.deps.keyPrefix);
  const holder = {
    op: 'snapshots',
    user: rc.actor.requester,
    startedAt: rc.deps.now().toISOString(),
    jobId: rc.runId,
  };
  const got = await lock.acquire(rc.account.alias, LOCK_SCOPE.region, LOCK_SCOPE.id, holder);
  if (!got.ok) {
    rc.log.warn({ holder: got.holder }, 'snapshot run skipped: another run holds the account');
    if (rc.channel) await post(rc, runBusyView(rc.account.alias, got.holder), rc.threadTs);
    return { busy: true };
  }
  try {
    const progress = await begin(rc);
    for (const region of rc.regions) await runRegion(rc, progress, region);
    const summary = summarize(rc, progress);
    if (!progress.reported) await report(rc, progress, summary);
    return summary;
  } finally {
    await lock.release(rc.account.alias, LOCK_SCOPE.region, LOCK_SCOPE.id, rc.runId);
  }
}

const save = async (rc: RunContext, progress: RunProgress): Promise<void> => {
  await rc.job.updateData({ ...rc.job.data, progress });
};

async function post(rc: RunContext, message: SlackMessage, threadTs?: string): Promise<string | undefined> {
  if (!rc.channel) return undefined;
  const res = await rc.deps.notifier.post(rc.channel, { ...message, thread_ts: threadTs });
  return res.ts;
}

async function begin(rc: RunContext): Promise<RunProgress> {
  const saved = (rc.job.data as { progress?: RunProgress }).progress;
  if (saved) return saved;
  const progress: RunProgress = {
    startedAt: rc.deps.now().toISOString(),
    ownMessage: false,
    regions: {},
    skipped: [],
    failed: [],
    reported: false,
  };
  const start = runStartView(rc.account.alias, rc.kind, rc.regions, rc.actor);
  const ts = await post(rc, start, rc.threadTs);
  progress.messageTs = rc.threadTs ?? ts;
  progress.ownMessage = !rc.threadTs && !!ts;
  await save(rc, progress);
  await rc.deps.audit.record({
    kind: 'step',
    actor: rc.actor.requester,
    action: 'snapshots-apply',
    account: rc.account.alias,
    result: 'started',
    correlationId: rc.correlationId,
    detail: { regions: rc.regions, kind: rc.kind, approver: rc.actor.approver, runId: rc.runId },
  });
  return progress;
}

async function runRegion(rc: RunContext, progress: RunProgress, region: string): Promise<void> {
  const rp: RegionProgress = progress.regions[region] ?? {
    created: 0,
    deleted: 0,
    kept: 0,
    createDone: false,
    deleteDone: false,
  };
  progress.regions[region] = rp;
  if (rp.createDone && rp.deleteDone) return;
  const ec2 = rc.deps.aws.ec2(rc.account, region, rc.actor);
  try {
    if (rc.policy.create && !rp.createDone) {
      rp.created = await createStep(rc, ec2, region, progress);
      rp.createDone = true;
      await save(rc, progress);
    }
    if (!rp.deleteDone) {
      await deleteStep(rc, ec2, region, progress, rp);
      rp.deleteDone = true;
      await save(rc, progress);
    }
  } catch (err) {
    // Throttling that outlasted our retries, 5xx and bugs: the job retries and resumes here.
    if (!isAwsAnswer(err) || classifyAwsError(err) === 'throttled') throw err;
    rc.log.warn({ err, region }, 'snapshot run: region failed');
    pushOnce(progress.failed, { id: region, region, reason: `region not processed: ${awsErrorName(err)}` });
    rp.createDone = true;
    rp.deleteDone = true;
    await save(rc, progress);
  }
  const inRegion = (l: RunItem[]) => l.filter((i) => i.region === region).length;
  await post(
    rc,
    regionProgressView(region, {
      created: rp.created,
      deleted: rp.deleted,
      skipped: inRegion(progress.skipped),
      failed: inRegion(progress.failed),
    }),
    progress.messageTs,
  ).catch((err) => rc.log.warn({ err }, 'progress message not posted'));
}

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
async function createStep(
  rc: RunContext,
  ec2: EC2Client,
  region: string,
  progress: RunProgress,
): Promise<number> {
  const targets = await withThrottleRetry(() =>
    runningVolumes(ec2, rc.account.alias, region, rc.policy.onlyTag),
  );
  const mine = await withThrottleRetry(() =>
    listOwnedSnapshots(ec2, rc.account.id, [{ Name: `tag:${SNAPSHOT_TAG.run}`, Values: [rc.runId] }]),
  );
  const done = new Set(mine.map((s) => s.volumeId));
  let created = done.size;
  for (const t of targets) {
    if (done.has(t.volumeId)) continue;
    done.add(t.volumeId); // a multi-attached volume appears under every instance: one snapshot
    try {
      const id = await withThrottleRetry(() =>
        createSnapshot(ec2, t, { policy: policyTag(rc.policy), runId: rc.runId }),
      );
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
async function deleteStep(
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
      const outcome = await withThrottleRetry(() => deleteSnapshot(ec2, id));
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
    await save(rc, progress);
  }
}

function summarize(rc: RunContext, progress: RunProgress): RunSummary {
  const rs = Object.values(progress.regions);
  const sum = (k: 'created' | 'deleted' | 'kept') => rs.reduce((a, r) => a + r[k], 0);
  return {
    account: rc.account.alias,
    kind: rc.kind,
    regions: rc.regions,
    created: sum('created'),
    deleted: sum('deleted'),
    kept: sum('kept'),
    skipped: progress.skipped,
    failed: progress.failed,
    correlationId: rc.correlationId,
  };
}

async function report(rc: RunContext, progress: RunProgress, summary: RunSummary): Promise<void> {
  const view = runSummaryView(summary);
  await post(rc, view, progress.messageTs);
  if (progress.ownMessage && progress.messageTs && rc.channel) {
    await rc.deps.notifier.update(rc.channel, progress.messageTs, view);
  }
  await rc.deps.audit.record({
    kind: 'step',
    actor: rc.actor.requester,
    action: 'snapshots-apply',
    account: rc.account.alias,
    result: summary.failed.length ? 'done-with-failures' : 'done',
    correlationId: rc.correlationId,
    detail: {
      created: summary.created,
      deleted: summary.deleted,
      skipped: summary.skipped.length,
      failed: summary.failed.length,
    },
  });
  progress.reported = true;
  await save(rc, progress);
}
