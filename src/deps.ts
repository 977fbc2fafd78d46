import type { AuditLog } from './audit';
import type { AutoScaling } from './aws/autoScaling';
import type { Actor, AwsClients, RoleTarget } from './aws/clients';
import type { Ec2Ops } from './aws/ec2Ops';
import type { OrgPort } from './aws/organizations';
import type { Account, Config } from './config/types';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { AccountRegistry } from './org/registry';
import type { Queues } from './queueClient';
import type { Redis } from './redis';
import type { RefStore } from './refStore';
import type { Tuning } from './settings';
import type { Notifier } from './slack/notifier';
import type { Responder } from './slack/responder';

/** What handlers and processors are built over. Composition roots fill it with real adapters. */
export interface Deps {
  config: Config;
  aws: AwsClients;
  /** The EC2 port of one account-region as one actor (operations plan and run through it). */
  ec2Port(account: Account, region: string, actor: Actor): Ec2Ops;
  /** The Auto Scaling port of one account-region as one actor (operations on group members). */
  asgPort(account: Account, region: string, actor: Actor): AutoScaling;
  /** AWS Organizations as the organization role (account discovery). */
  organization(role: RoleTarget): OrgPort;
  /** Accounts discovered from AWS Organizations, synced from Redis into `config.accounts`. */
  registry: AccountRegistry;
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
  /** Pager targets' endpoint and secrets (PAGERDUTY_EVENTS_URL, the routing-key variables). */
  pager?: { eventsUrl: string; env: NodeJS.ProcessEnv };
  /** Timings jobs read (poll interval, progress lines, alert windows), built once from the settings. */
  tuning: Tuning;
}
