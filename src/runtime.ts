import { AuditLog } from './audit';
import { autoScalingOps } from './aws/autoScaling';
import { AwsClients, type AwsClientsOptions } from './aws/clients';
import { ec2Ops } from './aws/ec2Ops';
import { awsErrorName } from './aws/errors';
import { orgPort } from './aws/organizations';
import { Ec2Pacer, type Ec2PacerOptions } from './aws/pacing';
import type { Config } from './config/types';
import type { Deps } from './deps';
import type { Logger } from './logger';
import { Metrics } from './metrics';
import { AccountRegistry } from './org/registry';
import { Queues } from './queueClient';
import { createRedis } from './redis';
import { RefStore } from './refStore';
import type { Settings } from './settings';
import { boltLogger } from './slack/boltLogger';
import { SlackNotifier } from './slack/notifier';
import { Responder } from './slack/responder';

/** Builds the real adapters every composition root shares. The only place real clients are made. */
export function buildDeps(
  settings: Settings,
  config: Config,
  log: Logger,
  opts: { aws?: AwsClientsOptions; pacing?: Ec2PacerOptions; now?: () => Date; metrics?: Metrics } = {},
): { deps: Deps; close(): Promise<void> } {
  const redis = createRedis(settings);
  redis.on('error', (err) => log.warn({ err: { message: err.message } }, 'redis connection error'));
  const queues = new Queues(redis, settings.redisPrefix);
  const metrics = opts.metrics ?? new Metrics();
  const aws = new AwsClients({
    pacer: new Ec2Pacer(redis, settings.redisPrefix, opts.pacing),
    onError: (err, key) =>
      metrics.awsErrors.inc({ code: awsErrorName(err), account: key.account, service: key.service }),
    ...opts.aws,
  });
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
  const deps: Deps = {
    config,
    aws,
    ec2Port: (account, region, actor) => ec2Ops(aws.ec2(account, region, actor), account.alias, region),
    asgPort: (account, region, actor) => autoScalingOps(aws.autoScaling(account, region, actor)),
    organization: (role) => orgPort(aws.organizations(role)),
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
    close: async () => {
      await queues.close();
      aws.destroy();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
