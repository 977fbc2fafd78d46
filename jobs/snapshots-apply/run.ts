import type { Job } from 'bullmq';
import { awsErrorName } from '../../src/aws/errors';
import type { Account } from '../../src/config/types';
import type { Deps } from '../../src/deps';
import type { SnapshotPolicy } from '../../src/domain/snapshotPolicy';
import type { Logger } from '../../src/logger';
import { InstanceLock } from '../../src/ops/lock';
import type { SlackMessage } from '../../src/slack/message';
import {
  type RunItem,
  type RunSummary,
  regionProgressView,
  runBusyView,
  runStartView,
  runSummaryView,
} from '../../src/views/snapshots';
import type { RegionProgress, RunProgress } from './schema';
import { createStep, deleteStep, isAwsAnswer, pushOnce, saveProgress } from './steps';

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
  await saveProgress(rc, progress);
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
  if ((rp.createDone || !rc.policy.create) && rp.deleteDone) return;
  const ec2 = rc.deps.aws.ec2(rc.account, region, rc.actor);
  try {
    if (rc.policy.create && !rp.createDone) {
      rp.created = await createStep(rc, ec2, region, progress);
      rp.createDone = true;
      await saveProgress(rc, progress);
    }
    if (!rp.deleteDone) {
      await deleteStep(rc, ec2, region, progress, rp);
      rp.deleteDone = true;
      await saveProgress(rc, progress);
    }
  } catch (err) {
    // Throttling that outlasted the SDK's retries, 5xx and bugs: the job retries and resumes here.
    if (!isAwsAnswer(err)) throw err;
    rc.log.warn({ err, region }, 'snapshot run: region failed');
    pushOnce(progress.failed, { id: region, region, reason: `region not processed: ${awsErrorName(err)}` });
    rp.createDone = true;
    rp.deleteDone = true;
    await saveProgress(rc, progress);
  }
  await postRegionProgress(rc, progress, region, rp);
}

/** One line per region in the thread; a Slack hiccup here never stops the run. */
async function postRegionProgress(rc: RunContext, progress: RunProgress, region: string, rp: RegionProgress) {
  const inRegion = (l: RunItem[]) => l.filter((i) => i.region === region).length;
  const counts = {
    created: rp.created,
    deleted: rp.deleted,
    skipped: inRegion(progress.skipped),
    failed: inRegion(progress.failed),
  };
  await post(rc, regionProgressView(region, counts), progress.messageTs).catch((err) =>
    rc.log.warn({ err }, 'progress message not posted'),
  );
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
  await saveProgress(rc, progress);
}
