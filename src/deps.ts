import type { AuditLog } from './audit';
import type { AwsClients } from './aws/clients';
import type { Config } from './config/types';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { Queues } from './queueClient';
import type { Redis } from './redis';
import type { RefStore } from './refStore';
import type { Notifier } from './slack/notifier';
import type { Responder } from './slack/responder';

/** What handlers and processors are built over. Composition roots fill it with real adapters. */
export interface Deps {
  config: Config;
  aws: AwsClients;
  responder: Pick<Responder, 'respond'>;
  notifier: Notifier;
  redis: Redis;
  queues: Queues;
  refs: RefStore;
  audit: AuditLog;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  /** Prefix for the bot's own Redis keys (approvals, locks, dedupe, audit). */
  keyPrefix: string;
}
