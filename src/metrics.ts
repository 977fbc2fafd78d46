import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics (GET /metrics). One registry per process (not prom-client's global one), so
 * tests and the demo can run several bots in one process.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'ec2bot_slash_commands_total',
    help: 'Slash commands by subcommand and outcome (ok, rejected, error, unknown)',
    labelNames: ['subcommand', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly ackSeconds = new Histogram({
    name: 'ec2bot_ack_seconds',
    help: 'Time from receiving a Slack request to acking it',
    labelNames: ['kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
    registers: [this.registry],
  });

  readonly jobs = new Counter({
    name: 'ec2bot_jobs_total',
    help: 'Jobs finished by queue, job name and state (completed, failed)',
    labelNames: ['queue', 'name', 'state'] as const,
    registers: [this.registry],
  });

  readonly jobSeconds = new Histogram({
    name: 'ec2bot_job_duration_seconds',
    help: 'Job run time, last attempt',
    labelNames: ['queue', 'name'] as const,
    buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'ec2bot_queue_jobs',
    help: 'Jobs in each queue by state, read from Redis at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  /** Fleet-wide (a Redis hash every process adds to), read at scrape time: hence a gauge. */
  readonly alerts = new Gauge({
    name: 'ec2bot_alerts_total',
    help: 'Webhook alerts by stage across all processes (received, replay = deduplicated, posted, updated, unknown-type, unknown-account, rejected-*, slack-*)',
    labelNames: ['stage'] as const,
    registers: [this.registry],
  });

  /** Read at scrape time from the same hash as `alerts`: deliveries by the type the bot does not handle. */
  readonly webhookUnhandled = new Gauge({
    name: 'ec2bot_webhook_unhandled',
    help: 'Verified webhook deliveries of a type the bot does not handle, by source and detail-type (fleet-wide)',
    labelNames: ['source', 'detail_type'] as const,
    registers: [this.registry],
  });

  readonly slackRateLimited = new Counter({
    name: 'ec2bot_slack_rate_limited_total',
    help: 'Slack 429 answers by method',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });

  readonly slackRetries = new Counter({
    name: 'ec2bot_slack_retries_total',
    help: 'Slack calls (chat.*, response_url) retried after a transient failure, by method and error',
    labelNames: ['method', 'error'] as const,
    registers: [this.registry],
  });

  readonly slackGaveUp = new Counter({
    name: 'ec2bot_slack_gave_up_total',
    help: 'Slack calls still failing at the retry deadline (the message was not delivered), by method and error',
    labelNames: ['method', 'error'] as const,
    registers: [this.registry],
  });

  readonly awsErrors = new Counter({
    name: 'ec2bot_aws_errors_total',
    help: 'AWS errors by error code, account alias and service',
    labelNames: ['code', 'account', 'service'] as const,
    registers: [this.registry],
  });

  /** AWS_EVENTS_QUEUE_URL intake (this process's share; Prometheus sums the processes). */
  readonly intakeReceived = new Counter({
    name: 'ec2bot_intake_messages_received_total',
    help: 'SQS messages received from AWS_EVENTS_QUEUE_URL',
    registers: [this.registry],
  });

  readonly intakeDeleted = new Counter({
    name: 'ec2bot_intake_messages_deleted_total',
    help: 'SQS messages deleted after they were handled, by outcome (queued, ignored, confirming, duplicate)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly intakeFailed = new Counter({
    name: 'ec2bot_intake_messages_failed_total',
    help: 'SQS messages left on the queue (they come back after their visibility timeout; the redrive policy moves them to the DLQ after maxReceiveCount), by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly intakeOldestAge = new Gauge({
    name: 'ec2bot_intake_oldest_message_age_seconds',
    help: 'Age (from SentTimestamp) of the oldest message in the latest receive; 0 when the queue answered empty',
    registers: [this.registry],
  });

  readonly intakeErrors = new Counter({
    name: 'ec2bot_intake_receive_errors_total',
    help: 'ReceiveMessage / DeleteMessageBatch / ChangeMessageVisibilityBatch calls that failed, by call',
    labelNames: ['call'] as const,
    registers: [this.registry],
  });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'ec2bot_' });
  }
}
