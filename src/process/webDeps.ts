import type { Settings } from '../config/settings';
import type { Config } from '../config/types';
import type { WebDeps } from '../deps';
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

export interface WebDepsOptions {
  now?: () => Date;
  metrics?: Metrics;
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
