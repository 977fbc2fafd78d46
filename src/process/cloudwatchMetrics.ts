import type { Deps } from '../deps';
import { liveWorkers } from '../redis/heartbeat';

/**
 * What the worker publishes to CloudWatch, and deploy/bot.yml's scaling policy and alarms read:
 * jobs waiting in every queue (fleet-wide, from Redis), workers whose heartbeat Redis holds (fleet-wide),
 * and jobs this process saw fail for good (no retry left) since its last line.
 */
export const CLOUDWATCH_METRICS = {
  waiting: 'JobsWaiting',
  workers: 'WorkersAlive',
  failed: 'JobsFailed',
} as const;

/** The one dimension: which process kind wrote the line (the stack's alarms name it). */
export const CLOUDWATCH_DIMENSION = { Process: 'worker' } as const;

export interface CloudWatchOptions {
  namespace: string;
  /** How often a line is written (default 60 s: CloudWatch's standard resolution). */
  everyMs?: number;
  /** Where the line goes (default stdout, which the ECS awslogs driver sends to CloudWatch Logs). */
  write?: (line: string) => void;
}

export interface CloudWatchPublisher {
  /** A job failed with no retry left. */
  jobFailed(): void;
  stop(): void;
}

/**
 * Publishes through CloudWatch's embedded metric format: one JSON line on stdout per minute, from
 * which CloudWatch Logs extracts the metrics itself (no SDK, no PutMetricData permission; the task's
 * log driver is the transport). https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * Every worker writes the fleet-wide values (the stack reads their Maximum) and its own failures (Sum).
 * A line whose Redis reads fail is not written: silence is what the no-heartbeat alarm treats as breaching.
 */
export function startCloudWatchMetrics(
  deps: Pick<Deps, 'queues' | 'redis' | 'keyPrefix' | 'log'>,
  opts: CloudWatchOptions,
): CloudWatchPublisher {
  const write = opts.write ?? ((line: string) => process.stdout.write(line));
  let failed = 0;
  const publish = async (): Promise<void> => {
    const [waiting, workers] = await Promise.all([
      Promise.all(deps.queues.all().map((q) => q.getWaitingCount())),
      liveWorkers(deps.redis, deps.keyPrefix),
    ]);
    const failedNow = failed;
    failed -= failedNow;
    write(
      `${JSON.stringify({
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [
            {
              Namespace: opts.namespace,
              Dimensions: [Object.keys(CLOUDWATCH_DIMENSION)],
              Metrics: Object.values(CLOUDWATCH_METRICS).map((Name) => ({ Name, Unit: 'Count' })),
            },
          ],
        },
        ...CLOUDWATCH_DIMENSION,
        [CLOUDWATCH_METRICS.waiting]: waiting.reduce((a, b) => a + b, 0),
        [CLOUDWATCH_METRICS.workers]: workers.length,
        [CLOUDWATCH_METRICS.failed]: failedNow,
      })}\n`,
    );
  };
  const timer = setInterval(() => {
    publish().catch((err) => deps.log.warn({ err }, 'CloudWatch metrics not written (Redis?)'));
  }, opts.everyMs ?? 60_000);
  timer.unref();
  return {
    jobFailed: () => {
      failed += 1;
    },
    stop: () => clearInterval(timer),
  };
}
