import type { Settings } from '../config/settings';
import type { Config } from '../config/types';
import type { Stores, WebDeps } from '../deps';
import { Queues } from '../jobs/queueClient';
import type { Logger } from '../logger';
import { Metrics } from '../metrics';
import { AccountRegistry } from '../org/registry';
import { AuditLog } from '../redis/audit';
import { createRedis, type Redis } from '../redis/client';
import { RefStore } from '../redis/refStore';
import { boltLogger } from '../slack/boltLogger';
import { SlackNotifier } from '../slack/notifier';
import { Responder } from '../slack/responder';
import { AlertStore } from '../stores/alertStore';
import { ApprovalStore } from '../stores/approvalStore';
import { DurationStore } from '../stores/durationStore';
import { PlanStore } from '../stores/planStore';
import { StandingStore } from '../stores/standingStore';

export interface WebDepsOptions {
  now?: () => Date;
  metrics?: Metrics;
}

/** The stores over one Redis and key prefix: built once per process here (and by tests over theirs). */
export function buildStores(redis: Redis, prefix: string): Stores {
  return {
    alerts: new AlertStore(redis, prefix),
    approvals: new ApprovalStore(redis, prefix),
    plans: new PlanStore(redis, prefix),
    standing: new StandingStore(redis, prefix),
    durations: new DurationStore(redis, prefix),
  };
}

/**
 * Builds what the web process needs — Redis, queues, stores, Slack — and nothing that reaches AWS: no
 * AWS SDK module is loaded through here. The worker's root adds AWS on top (src/runtime.ts).
 */
export function buildWebDeps(
  settings: Settings,
  config: Config,
  log: Logger,
  opts: WebDepsOptions = {},
): { deps: WebDeps; redis: Redis; close(): Promise<void> } {
  const redis = createRedis(settings);
  redis.on('error', (err) => log.warn({ err: { message: err.message } }, 'redis connection error'));
  const queues = new Queues(redis, settings.redisPrefix);
  const metrics = opts.metrics ?? new Metrics();
  /** Counted in /metrics; a message given up on is logged (the caller logs what it was about). */
  const slackHooks = (only?: string) => ({
    onRateLimited: (method: string) => metrics.slackRateLimited.inc({ method: only ?? method }),
    onRetry: (method: string, error: string, waitMs: number) => {
      metrics.slackRetries.inc({ method, error });
      log.warn({ method, slackError: error, waitMs }, 'Slack call failed; retrying');
    },
    onGiveUp: (method: string, error: string) => {
      metrics.slackGaveUp.inc({ method, error });
      log.error({ method, slackError: error }, 'Slack call still failing at the deadline; giving up');
    },
  });
  const deps: WebDeps = {
    config,
    registry: new AccountRegistry(redis, settings.redisPrefix, config),
    responder: new Responder(settings.slackApiUrl, log, fetch, slackHooks('response_url')),
    notifier: new SlackNotifier(
      settings.slackBotToken,
      settings.slackApiUrl,
      { logger: boltLogger(log, 'slack-web-api') },
      slackHooks(),
    ),
    redis,
    queues,
    stores: buildStores(redis, settings.redisPrefix),
    refs: new RefStore(redis, settings.redisPrefix),
    audit: new AuditLog(redis, settings.redisPrefix, log),
    log,
    metrics,
    now: opts.now ?? (() => new Date()),
    keyPrefix: settings.redisPrefix,
    pager: { eventsUrl: settings.pagerEventsUrl, env: process.env },
    tuning: settings.tuning,
  };
  return {
    deps,
    redis,
    close: async () => {
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
