import { type AlertTuning, alertTuning } from './alerts/tuning';

/** Process settings from the environment (DESIGN.md §3). Read once by the composition roots. */
export interface Settings {
  slackBotToken: string;
  slackSigningSecret: string;
  slackAppToken?: string;
  slackApiUrl: string;
  redisUrl: string;
  redisPrefix: string;
  port: number;
  webhookToken?: string;
  logLevel: string;
  /** Enables the queue dashboard at /admin/queues (basic auth). */
  adminPassword?: string;
  adminUser: string;
  /** Timings jobs read, built once here and passed in Deps (tests and benchmarks shorten them). */
  tuning: Tuning;
}

export interface Tuning {
  /** Between two reads of a waiting operation step (OPS_POLL_MS, default 5 s). */
  pollMs: number;
  /** How often a long wait says in the thread that it is still waiting (OPS_PROGRESS_MS, default 2 min). */
  progressMs: number;
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
    redisPrefix: env.EC2BOT_REDIS_PREFIX || 'ec2bot',
    port: Number(env.PORT || 3000),
    webhookToken: env.WEBHOOK_TOKEN || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    adminPassword: env.ADMIN_PASSWORD || undefined,
    adminUser: env.ADMIN_USER || 'admin',
    tuning: {
      pollMs: positive(env.OPS_POLL_MS, 5000),
      progressMs: positive(env.OPS_PROGRESS_MS, 120_000),
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
  return settings;
}
