import type { AutoScaling } from './aws/autoScaling';
import type { Actor, AwsClients, RoleTarget } from './aws/clients';
import type { Ec2Ops } from './aws/ec2Ops';
import type { OrgPort } from './aws/organizations';
import type { Tuning } from './config/settings';
import type { Account, Config } from './config/types';
import type { Queues } from './jobs/queueClient';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { AccountRegistry } from './org/registry';
import type { AuditLog } from './redis/audit';
import type { Redis } from './redis/client';
import type { RefStore } from './redis/refStore';
import type { Notifier } from './slack/notifier';
import type { Responder } from './slack/responder';
import type { AlertStore } from './stores/alertStore';
import type { ApprovalStore } from './stores/approvalStore';
import type { DurationStore } from './stores/durationStore';
import type { PlanStore } from './stores/planStore';
import type { StandingStore } from './stores/standingStore';

/**
 * The bot's Redis records, one instance of each per process (src/process/webDeps.ts builds them; each is
 * just Redis and the key prefix, so they hold no per-call state).
 */
export interface Stores {
  alerts: AlertStore;
  approvals: ApprovalStore;
  plans: PlanStore;
  standing: StandingStore;
  durations: DurationStore;
}

/**
 * What the web process is built over: config, Redis and its stores, the queues, Slack, logs and
 * metrics — no AWS client and no EC2 port. Handlers take this: they validate, authorize, enqueue, ack.
 */
export interface WebDeps {
  config: Config;
  /** Accounts discovered from AWS Organizations, synced from Redis into `config.accounts`. */
  registry: AccountRegistry;
  responder: Pick<Responder, 'respond'>;
  notifier: Notifier;
  redis: Redis;
  queues: Queues;
  stores: Stores;
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

/** What jobs are built over: the web's deps plus AWS (the worker's composition root fills it). */
export interface Deps extends WebDeps {
  aws: AwsClients;
  /** The EC2 port of one account-region as one actor (operations plan and run through it). */
  ec2Port(account: Account, region: string, actor: Actor): Ec2Ops;
  /** The Auto Scaling port of one account-region as one actor (operations on group members). */
  asgPort(account: Account, region: string, actor: Actor): AutoScaling;
  /** AWS Organizations as the organization role (account discovery). */
  organization(role: RoleTarget): OrgPort;
}
