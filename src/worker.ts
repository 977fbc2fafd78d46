import { type Job, Worker } from 'bullmq';
import { JOBS } from '../jobs';
import { registerDigestSchedules } from '../jobs/maintenance-digest/register';
import { registerSweepSchedules } from '../jobs/maintenance-sweep/register';
import { registerSnapshotSchedules } from '../jobs/snapshots-scheduled/register';
import { isOperation } from './config/operations';
import type { Deps } from './deps';
import { OPS_SWEEP } from './jobs/opsSweep';
import { ORG_REFRESH } from './jobs/orgRefresh';
import { QUEUE, QUEUE_NAMES, type QueueName } from './jobs/queues';
import { type CloudWatchOptions, startCloudWatchMetrics } from './process/cloudwatchMetrics';
import type { JobDefinition } from './process/jobDefinition';
import { makeQueueProcessor } from './process/jobRunner';
import { createRedis, type RedisTarget } from './redis/client';
import { startHeartbeat } from './redis/heartbeat';
import { redisKeys } from './redis/keys';

export interface WorkerHandle {
  workers: Worker[];
  /** Stop taking work, let running jobs finish, close connections. */
  close(): Promise<void>;
}

/** Concurrency per queue: query fan-outs are I/O bound; ops are paced by the per-instance lock. */
const CONCURRENCY: Record<QueueName, number> = { query: 20, ops: 20, alerts: 20, schedules: 2 };

/**
 * The worker composition root: one BullMQ Worker per queue, each on its own connection from the one
 * factory (BullMQ duplicates it for its blocking commands), standalone or cluster alike.
 */
export function startWorker(
  deps: Deps,
  opts: RedisTarget & {
    jobs?: JobDefinition[];
    queues?: readonly QueueName[];
    concurrency?: Partial<Record<QueueName, number>>;
    /** Job lock and stalled-check timing (tests shorten them to exercise crash recovery). */
    timing?: { lockDuration?: number; stalledInterval?: number };
    /** Queue depth, live workers and failed jobs as CloudWatch metrics (EC2BOT_CLOUDWATCH_NAMESPACE). */
    cloudwatch?: CloudWatchOptions;
  },
): WorkerHandle {
  const jobs = opts.jobs ?? JOBS;
  const connections = (opts.queues ?? QUEUE_NAMES).map((queue) => ({
    queue,
    connection: createRedis(opts),
  }));
  const workers = connections.map(
    ({ queue, connection }) =>
      new Worker(queue, makeQueueProcessor(queue, jobs, deps), {
        connection,
        prefix: redisKeys(deps.keyPrefix).queue(queue),
        concurrency: opts.concurrency?.[queue] ?? CONCURRENCY[queue],
        maxStalledCount: 2,
        ...opts.timing,
      }),
  );
  registerSnapshotSchedules(deps).catch((err) =>
    deps.log.error({ err }, 'snapshot schedules not registered'),
  );
  registerDigestSchedules(deps).catch((err) => deps.log.error({ err }, 'maintenance digests not scheduled'));
  registerSweepSchedules(deps).catch((err) => deps.log.error({ err }, 'maintenance sweeps not scheduled'));
  scheduleSweeps(deps).catch((err) => deps.log.error({ err }, 'in-flight sweep not scheduled'));
  scheduleOrgRefresh(deps).catch((err) => deps.log.error({ err }, 'organization refresh not scheduled'));
  const cloudwatch = opts.cloudwatch && startCloudWatchMetrics(deps, opts.cloudwatch);
  for (const w of workers) {
    w.on('error', (err) => deps.log.error({ err, queue: w.name }, 'worker error'));
    w.on('completed', (job) => recordJob(deps, w.name, job, 'completed'));
    w.on('failed', (job) => {
      if (!job) return;
      recordJob(deps, w.name, job, 'failed');
      // BullMQ sets finishedOn only when no retry is left.
      if (job.finishedOn) cloudwatch?.jobFailed();
      // An operation that ended without reporting (BullMQ gave up on it): sweep now, not in 10 minutes.
      if (w.name === QUEUE.ops && isOperation(job.name) && !job.data?.reportedAt) sweepNow(deps, job.id);
    });
  }
  const heartbeat = startHeartbeat(deps.redis, deps.keyPrefix, opts.queues ?? QUEUE_NAMES);
  return {
    workers,
    close: async () => {
      cloudwatch?.stop();
      await Promise.all(workers.map((w) => w.close()));
      await heartbeat.stop();
      await Promise.all(
        connections.map(({ connection }) => connection.quit().catch(() => connection.disconnect())),
      );
    },
  };
}

const SWEEP_EVERY_MS = 10 * 60_000;

/** The in-flight sweep (src/ops/sweep.ts): every 10 minutes, and once now (a worker start may follow a Redis loss). */
async function scheduleSweeps(deps: Deps): Promise<void> {
  await deps.queues
    .get(QUEUE.schedules)
    .upsertJobScheduler(
      'ops-sweep',
      { every: SWEEP_EVERY_MS },
      { name: OPS_SWEEP.name, data: { correlationId: 'ops-sweep' } },
    );
  sweepNow(deps, 'start');
}

/**
 * With `organization:`, the account discovery every refresh_minutes (one scheduler however many
 * workers run) and once now; without it, no scheduler (one left by an earlier config is removed).
 */
async function scheduleOrgRefresh(deps: Deps): Promise<void> {
  const queue = deps.queues.get(QUEUE.schedules);
  const org = deps.config.organization;
  if (!org) {
    await queue.removeJobScheduler(ORG_REFRESH.name);
    return;
  }
  await deps.registry.sync(true);
  await queue.upsertJobScheduler(
    ORG_REFRESH.name,
    { every: org.refresh_minutes * 60_000 },
    { name: ORG_REFRESH.name, data: { correlationId: 'org-refresh' } },
  );
}

function sweepNow(deps: Deps, reason: string | undefined): void {
  deps.queues
    .enqueue(
      OPS_SWEEP,
      { correlationId: 'ops-sweep' },
      { jobId: `ops-sweep-${reason}-${Date.now()}`, attempts: 2 },
    )
    .catch((err) => deps.log.warn({ err }, 'in-flight sweep not enqueued'));
}

function recordJob(deps: Deps, queue: string, job: Job, state: 'completed' | 'failed'): void {
  deps.metrics.jobs.inc({ queue, name: job.name, state });
  if (job.processedOn && job.finishedOn) {
    deps.metrics.jobSeconds.observe({ queue, name: job.name }, (job.finishedOn - job.processedOn) / 1000);
  }
}
