import { AuditLog } from './audit';
import { AwsClients, type AwsClientsOptions } from './aws/clients';
import { Ec2Pacer } from './aws/pacing';
import type { Config } from './config/types';
import type { Deps } from './deps';
import type { Logger } from './logger';
import { Queues } from './queueClient';
import { createRedis } from './redis';
import { RefStore } from './refStore';
import type { Settings } from './settings';
import { SlackNotifier } from './slack/notifier';
import { Responder } from './slack/responder';

/** Builds the real adapters every composition root shares. The only place real clients are made. */
export function buildDeps(
  settings: Settings,
  config: Config,
  log: Logger,
  opts: { aws?: AwsClientsOptions; now?: () => Date } = {},
): { deps: Deps; close(): Promise<void> } {
  const redis = createRedis(settings.redisUrl);
  redis.on('error', (err) => log.warn({ err: { message: err.message } }, 'redis connection error'));
  const queues = new Queues(redis, settings.redisPrefix);
  const aws = new AwsClients({ pacer: new Ec2Pacer(), ...opts.aws });
  const deps: Deps = {
    config,
    aws,
    responder: new Responder(settings.slackApiUrl, log),
    notifier: new SlackNotifier(settings.slackBotToken, settings.slackApiUrl),
    redis,
    queues,
    refs: new RefStore(redis, settings.redisPrefix),
    audit: new AuditLog(redis, settings.redisPrefix, log),
    log,
    now: opts.now ?? (() => new Date()),
    keyPrefix: settings.redisPrefix,
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
