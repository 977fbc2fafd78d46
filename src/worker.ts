import { type Job, Worker } from 'bullmq';
import { JOBS } from '../jobs';
import type { Deps } from './deps';
import { OPS_SWEEP } from './jobs/opsSweep';
import { QUEUE, QUEUE_NAMES, type QueueName } from './jobs/queues';
import { salvageFailedNow, salvageIfStalledForGood } from './ops/finalFailure';
import { type CloudWatchOptions, startCloudWatchMetrics } from './process/cloudwatchMetrics';
import type { JobDefinition } from './process/jobDefinition';
import { makeQueueProcessor } from './process/jobRunner';
import { recoverFromLoss } from './recovery/afterLoss';
import { DataLossWatch } from './recovery/sentinel';
import { createRedis, type RedisTarget } from './redis/client';
import { startHeartbeat } from './redis/heartbeat';
import { redisKeys } from './redis/keys';
import { registerSchedulers } from './schedulers';

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
  const watch = watchForLoss(deps);
  const cloudwatch = opts.cloudwatch && startCloudWatchMetrics(deps, opts.cloudwatch);
  for (const w of workers) {
    w.on('error', (err) => deps.log.error({ err, queue: w.name }, 'worker error'));
    w.on('completed', (job) => recordJob(deps, w.name, job, 'completed'));
    w.on('failed', (job) => {
      if (!job) return;
      recordJob(deps, w.name, job, 'failed');
      // BullMQ sets finishedOn only when no retry is left.
      if (job.finishedOn) cloudwatch?.jobFailed();
      // An operation that ended without reporting after it changed the instance: salvaged now.
      if (w.name === QUEUE.ops) salvageFailedNow(deps, job).catch((err) => salvageFailed(deps, err, job.id));
    });
    if (w.name === QUEUE.ops)
      w.on('stalled', (jobId) =>
        salvageIfStalledForGood(deps, jobId).catch((err) => salvageFailed(deps, err, jobId)),
      );
  }
  const heartbeat = startHeartbeat(deps.redis, deps.keyPrefix, opts.queues ?? QUEUE_NAMES);
  return {
    workers,
    close: async () => {
      watch.stop();
      cloudwatch?.stop();
      await Promise.all(workers.map((w) => w.close()));
      await heartbeat.stop();
      await Promise.all(
        connections.map(({ connection }) => connection.quit().catch(() => connection.disconnect())),
      );
    },
  };
}

/**
 * At start the sentinel is read (src/recovery/sentinel.ts). Found: every Job Scheduler registered and
 * one sweep of the in-flight records now (a crash may have left some). Not found — a first start or a
 * start after Redis lost its data — or gone later, at a reconnect: the data-loss recovery, which does
 * both and more (src/recovery/afterLoss.ts).
 */
function watchForLoss(deps: Deps): DataLossWatch {
  const watch = new DataLossWatch(deps.redis, deps.keyPrefix, deps.log, (state) =>
    recoverFromLoss(deps, state, registerSchedulers).catch((err) =>
      deps.log.error({ err }, 'data-loss recovery not started'),
    ),
  );
  watch
    .start()
    .then(async (state) => {
      if (state === 'fresh' || state === 'lost') return; // the recovery registers and sweeps
      await registerSchedulers(deps);
      sweepNow(deps, 'start');
    })
    .catch((err) => deps.log.error({ err }, 'start-up recovery failed'));
  return watch;
}

const salvageFailed = (deps: Deps, err: unknown, jobId?: string): void =>
  deps.log.error({ err, jobId }, 'salvage of a failed operation not enqueued (the next sweep finds it)');

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
