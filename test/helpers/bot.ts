import { Writable } from 'node:stream';
import type { SnsHttp } from '../../handlers/webhook/snsVerifier';
import { startWeb, type WebHandle } from '../../src/app';
import type { AwsClientsOptions } from '../../src/aws/clients';
import { parseConfig } from '../../src/config/load';
import { readSettings, type Settings } from '../../src/config/settings';
import type { Deps } from '../../src/deps';
import type { IntakeOptions } from '../../src/intake/sqsIntake';
import { createLogger } from '../../src/logger';
import { buildDeps } from '../../src/runtime';
import { startWorker, type WorkerHandle } from '../../src/worker';
import { type AccountsSpec, accountsYaml, PROD, STAGING } from './accountsConfig';
import { FakeSlack } from './fakeSlack';
import { cleanPrefix, REDIS_URL, uniquePrefix } from './redis';
import { blockActionsBody, postSigned, slashCommandBody } from './slackSign';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-token-0123456789';
export const WEBHOOK_TOKEN = 'test-webhook-token-0123456789';

/** Two accounts as moto sees them: AssumeRole credentials land in the role ARN's account. */
export const TWO_ACCOUNTS_SPEC: AccountsSpec = {
  defaults: { regions: ['us-east-1'], approval_ttl_minutes: 60 },
  accounts: {
    prod: {
      id: PROD,
      external_id: 'prod-external',
      regions: ['us-east-1', 'eu-west-1'],
      alert_channel: 'C0PRODALERT',
      oncall: ['U0ONCALL'],
      operators: ['U0ALICE', 'U0BOB', 'U0ONCALL'],
      approvers: ['U0BOB', 'S0LEADS'],
    },
    staging: {
      id: STAGING,
      regions: ['us-east-1', 'eu-west-1'],
      alert_channel: 'C0STAGEALERT',
      operators: ['U0ALICE'],
      approvers: ['U0ALICE'],
      approval: { required_for: [], self_approve: true },
    },
  },
};
export const TWO_ACCOUNTS = accountsYaml(TWO_ACCOUNTS_SPEC);

const pickEnv = (re: RegExp): Record<string, string> =>
  Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => re.test(e[0]) && !!e[1]),
  );

export interface BotOptions {
  name: string;
  config?: string;
  /** Run the worker in-process too (default true). */
  worker?: boolean;
  aws?: AwsClientsOptions;
  now?: () => Date;
  env?: Record<string, string>;
  /** SNS certificate / SubscribeURL port for the webhook (the real SNS hosts are unreachable in tests). */
  snsHttp?: SnsHttp;
  /** The SQS intake's timings (with `env` AWS_EVENTS_QUEUE_URL). */
  intake?: IntakeOptions;
  /** Another replica of a running bot: its Redis prefix and fake Slack (left for that bot to clean up). */
  replicaOf?: TestBot;
  /** Teaches the fake Slack before the bot starts (e.g. `apps.connections.open` for Socket Mode). */
  beforeStart?: (slack: FakeSlack) => void;
}

export interface TestBot {
  slack: FakeSlack;
  deps: Deps;
  settings: Settings;
  web: WebHandle;
  worker?: WorkerHandle;
  url: string;
  logs: string[];
  command(
    text: string,
    opts?: { user?: string; channel?: string; trigger?: string },
  ): Promise<{ status: number; body: any; responseUrl: string }>;
  action(payload: Record<string, unknown>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/**
 * The whole bot in-process on real adapters: Bolt over HTTP on a free port, BullMQ on the real Redis
 * under a unique prefix (or the Redis Cluster named by `env` REDIS_URL + REDIS_CLUSTER), AWS through the SDK (AWS_ENDPOINT_URL points at moto), Slack Web API at the fake.
 */
export async function startTestBot(opts: BotOptions): Promise<TestBot> {
  const slack = opts.replicaOf?.slack ?? new FakeSlack();
  if (!opts.replicaOf) await slack.start();
  opts.beforeStart?.(slack);
  const prefix = opts.replicaOf?.deps.keyPrefix ?? uniquePrefix(opts.name);
  const settings = readSettings({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL,
    EC2BOT_REDIS_PREFIX: prefix,
    WEBHOOK_TOKEN,
    PORT: '0',
    LOG_LEVEL: 'debug',
    // Operations poll AWS every 5 s in production; moto answers at once.
    OPS_POLL_MS: '50',
    // Timings a test file shortens for itself (alert windows and pacing, progress lines).
    ...pickEnv(/^(EC2BOT_ALERT_|OPS_)/),
    ...opts.env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const log = createLogger({
    level: 'debug',
    secrets: [BOT_TOKEN, SIGNING_SECRET, WEBHOOK_TOKEN],
    destination,
  });
  const config = parseConfig(opts.config ?? TWO_ACCOUNTS, `test/${opts.name}.yml`);
  const built = buildDeps(settings, config, log, { aws: opts.aws, now: opts.now });
  const web = await startWeb(built.deps, settings, { snsHttp: opts.snsHttp, intake: opts.intake });
  const worker = opts.worker === false ? undefined : startWorker(built.deps, settings);
  const url = `http://127.0.0.1:${web.port}`;
  return {
    slack,
    deps: built.deps,
    settings,
    web,
    worker,
    url,
    logs,
    async command(text, o = {}) {
      const responseUrl = slack.responseUrl();
      const body = slashCommandBody({
        text,
        user_id: o.user,
        channel_id: o.channel,
        response_url: responseUrl,
        trigger_id: o.trigger,
      });
      const res = await postSigned(`${url}/slack/events`, body, { secret: SIGNING_SECRET });
      const raw = await res.text();
      let parsed: any = raw;
      try {
        parsed = raw ? JSON.parse(raw) : {};
      } catch {}
      return { status: res.status, body: parsed, responseUrl };
    },
    async action(payload) {
      const res = await postSigned(`${url}/slack/events`, blockActionsBody(payload), {
        secret: SIGNING_SECRET,
      });
      return { status: res.status, body: await res.text() };
    },
    async close() {
      await web.close();
      await worker?.close();
      await built.close();
      if (opts.replicaOf) return;
      await slack.stop();
      await cleanPrefix(prefix, settings);
    },
  };
}
