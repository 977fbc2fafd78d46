import { readFileSync } from 'node:fs';
import { clusterNodes, RedisUrlError } from '../redis/client';
import { PREFIX_PATTERN } from '../redis/keys';
import { type AlertTuning, alertTuning } from './alertTuning';

/** Process settings from the environment (README.md, Environment). Read once by the composition roots. */
export interface Settings {
  slackBotToken: string;
  slackSigningSecret: string;
  slackAppToken?: string;
  slackApiUrl: string;
  redisUrl: string;
  /** REDIS_CLUSTER=true: REDIS_URL names one or more nodes of a Redis Cluster. */
  redisCluster: boolean;
  /** REDIS_PASSWORD: the AUTH password / token when it is not in REDIS_URL (an injected secret). */
  redisPassword?: string;
  /** The PEM read from REDIS_TLS_CA_FILE: the CA of a rediss:// server signed by a private CA. */
  redisTlsCa?: string;
  redisPrefix: string;
  port: number;
  webhookToken?: string;
  logLevel: string;
  /** Enables the queue dashboard at /admin/queues (basic auth). */
  adminPassword?: string;
  adminUser: string;
  /** Timings jobs read, built once here and passed in Deps (tests and benchmarks shorten them). */
  tuning: Tuning;
  /** PagerDuty Events API v2 endpoint (PAGERDUTY_EVENTS_URL; tests and proxies point it elsewhere). */
  pagerEventsUrl: string;
  /** AWS events long-polled from this SQS queue (AWS_EVENTS_QUEUE_URL), beside or instead of the webhook. */
  awsEventsQueueUrl?: string;
  /** Receive loops side by side on that queue (AWS_EVENTS_QUEUE_POLLERS, default 4). */
  awsEventsPollers: number;
  /** EC2BOT_CLOUDWATCH_NAMESPACE: workers publish queue depth, live workers and failed jobs there (EMF on stdout). */
  cloudwatch?: { namespace: string };
}

export interface Tuning {
  /** Between two reads of a waiting operation step (OPS_POLL_MS, default 5 s). */
  pollMs: number;
  /** How often a long wait says in the thread that it is still waiting (OPS_PROGRESS_MS, default 2 min). */
  progressMs: number;
  /**
   * How long a stop may stay in `stopping` before the bot calls it stuck and offers a force stop
   * (OPS_STOP_STUCK_MS, default 10 min; tests shorten it).
   */
  stopStuckMs: number;
  alerts: AlertTuning;
}

export class SettingsError extends Error {}

const positive = (v: string | undefined, d: number): number => {
  const n = Number(v);
  return v && Number.isFinite(n) && n > 0 ? n : d;
};

export function readSettings(
  env: NodeJS.ProcessEnv = process.env,
  need: { slack: boolean } = { slack: true },
): Settings {
  const missing: string[] = [];
  const req = (name: string): string => {
    const v = env[name];
    if (!v && need.slack) missing.push(name);
    return v ?? '';
  };
  const settings: Settings = {
    slackBotToken: req('SLACK_BOT_TOKEN'),
    slackSigningSecret: env.SLACK_APP_TOKEN ? (env.SLACK_SIGNING_SECRET ?? '') : req('SLACK_SIGNING_SECRET'),
    slackAppToken: env.SLACK_APP_TOKEN || undefined,
    slackApiUrl: env.SLACK_API_URL || 'https://slack.com/api/',
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    redisCluster: readBool(env, 'REDIS_CLUSTER'),
    redisPassword: env.REDIS_PASSWORD || undefined,
    redisTlsCa: readCaFile(env.REDIS_TLS_CA_FILE),
    redisPrefix: env.EC2BOT_REDIS_PREFIX || 'ec2bot',
    port: Number(env.PORT || 3000),
    webhookToken: env.WEBHOOK_TOKEN || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    adminPassword: env.ADMIN_PASSWORD || undefined,
    adminUser: env.ADMIN_USER || 'admin',
    pagerEventsUrl: env.PAGERDUTY_EVENTS_URL || 'https://events.pagerduty.com/v2/enqueue',
    awsEventsQueueUrl: env.AWS_EVENTS_QUEUE_URL || undefined,
    awsEventsPollers: Math.min(50, Math.floor(positive(env.AWS_EVENTS_QUEUE_POLLERS, 4))),
    cloudwatch: env.EC2BOT_CLOUDWATCH_NAMESPACE ? { namespace: env.EC2BOT_CLOUDWATCH_NAMESPACE } : undefined,
    tuning: {
      pollMs: positive(env.OPS_POLL_MS, 5000),
      progressMs: positive(env.OPS_PROGRESS_MS, 120_000),
      stopStuckMs: positive(env.OPS_STOP_STUCK_MS, 600_000),
      alerts: alertTuning(env),
    },
  };
  if (missing.length) {
    throw new SettingsError(
      `missing environment: ${missing.join(', ')} — see README "Slack app" (copy .env.example to .env)`,
    );
  }
  if (!Number.isInteger(settings.port) || settings.port < 0 || settings.port > 65535) {
    throw new SettingsError(`PORT: "${env.PORT}" is not a port number — write e.g. 3000`);
  }
  checkRedis(settings);
  return settings;
}

function readBool(env: NodeJS.ProcessEnv, name: string): boolean {
  const v = (env[name] ?? '').trim().toLowerCase();
  if (['', 'false', '0', 'no'].includes(v)) return false;
  if (['true', '1', 'yes'].includes(v)) return true;
  throw new SettingsError(`${name}: "${env[name]}" is not true or false`);
}

function readCaFile(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new SettingsError(
      `REDIS_TLS_CA_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}) — point it at the PEM of the CA that signed Redis's certificate, or unset it to trust Node's CAs`,
    );
  }
}

function checkRedis(s: Settings): void {
  if (!PREFIX_PATTERN.test(s.redisPrefix)) {
    throw new SettingsError(
      `EC2BOT_REDIS_PREFIX: "${s.redisPrefix}" — use letters, digits and . _ : - only (no braces: the prefix goes inside a Redis Cluster hash tag)`,
    );
  }
  if (!s.redisCluster && s.redisUrl.includes(',')) {
    throw new SettingsError('REDIS_URL lists several nodes: set REDIS_CLUSTER=true for a Redis Cluster');
  }
  const urls = s.redisUrl.split(',').map((u) => u.trim());
  if (s.redisTlsCa && !urls.every((u) => u.startsWith('rediss://'))) {
    throw new SettingsError(
      'REDIS_TLS_CA_FILE is set but REDIS_URL is not rediss:// — write rediss://host:6379 for TLS',
    );
  }
  if (s.redisPassword && urls.some((u) => /^rediss?:\/\/[^/@]*:[^/@]+@/.test(u))) {
    throw new SettingsError('REDIS_PASSWORD is set and REDIS_URL carries a password too — keep one of them');
  }
  if (!s.redisCluster) return;
  try {
    clusterNodes(s.redisUrl);
  } catch (err) {
    if (err instanceof RedisUrlError) throw new SettingsError(err.message);
    throw err;
  }
}
