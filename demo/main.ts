import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertRedis, RedisPolicyError, RedisUnavailableError } from '../src/redis/check';
import type { RedisTarget } from '../src/redis/client';
import { connectMoto, startMoto } from '../test/helpers/moto';
import { startDemoBot } from './bot';
import { startConsole } from './console/server';
import { DemoSns } from './console/sns';
import { scheduleLateEvent } from './lateEvent';
import { ACCOUNTS_YAML } from './people';
import { clearPrefix } from './redisPrefix';
import { seedFleet } from './seed';

// The SDK's "Node 22 needed for releases after January 2027" notice (README) would bury the tour.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface DemoSettings {
  port: number;
  /** Where the console listens: 127.0.0.1, or 0.0.0.0 in a container (DEMO_HOST). */
  host: string;
  /** A moto_launcher.py already running (DEMO_MOTO_URL, the Docker demo); else one is started here. */
  motoUrl?: string;
  botPort: number;
  redis: RedisTarget;
  prefix: string;
  /** `socket`: the bot runs in Socket Mode and the console plays Slack's WebSocket side (DEMO_SLACK_MODE, --socket). */
  slackMode: 'http' | 'socket';
}

const settingsFrom = (env: NodeJS.ProcessEnv): DemoSettings => ({
  port: Number(env.DEMO_PORT ?? 3030),
  host: env.DEMO_HOST || '127.0.0.1',
  motoUrl: env.DEMO_MOTO_URL || undefined,
  botPort: Number(env.DEMO_BOT_PORT ?? 3031),
  redis: {
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    redisCluster: /^(true|1|yes)$/i.test(env.REDIS_CLUSTER ?? ''),
  },
  prefix: env.DEMO_REDIS_PREFIX || 'ec2bot-demo',
  slackMode: env.DEMO_SLACK_MODE === 'socket' || process.argv.includes('--socket') ? 'socket' : 'http',
});

type Closer = () => Promise<void>;

/** `npm run demo`: moto with a seeded fleet, the bot unchanged, and the local chat console. */
async function main(): Promise<void> {
  const s = settingsFrom(process.env);
  const closers: Closer[] = [];
  const stop = async (): Promise<void> => {
    for (const close of closers.reverse()) await close().catch(() => {});
  };
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping the bot, the console and moto…`);
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  try {
    await startStack(s, closers);
  } catch (err) {
    await stop();
    process.stderr.write(`demo: ${explain(err, s.botPort)}\n`);
    process.exit(1);
  }
}

/** Redis check, moto + fleet, the console, then the bot pointed at both; each part registers its closer. */
async function startStack(s: DemoSettings, closers: Closer[]): Promise<void> {
  for (const warning of (await assertRedis(s.redis)).warnings) say(`warning: ${warning}`);
  await clearPrefix(s.redis, s.prefix);
  closers.push(() => clearPrefix(s.redis, s.prefix));
  say(
    `${s.motoUrl ? `Connecting to moto at ${s.motoUrl}` : 'Starting moto'} (simulated AWS), seeding two accounts…`,
  );
  const moto = s.motoUrl ? await connectMoto(s.motoUrl) : await startMoto();
  closers.push(() => moto.stop());
  const seeded = await seedFleet(moto);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ec2bot-demo-'));
  const configFile = path.join(dir, 'accounts.yml');
  writeFileSync(configFile, ACCOUNTS_YAML);
  const secrets = {
    SLACK_BOT_TOKEN: `xoxb-demo-${randomBytes(12).toString('hex')}`,
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    WEBHOOK_TOKEN: randomBytes(16).toString('hex'),
    SLACK_APP_TOKEN: s.slackMode === 'socket' ? `xapp-1-A0DEMOAPP-${randomBytes(12).toString('hex')}` : '',
  };
  const sns = DemoSns.create();
  const chat = await startConsole({
    port: s.port,
    host: s.host,
    botToken: secrets.SLACK_BOT_TOKEN,
    signingSecret: secrets.SLACK_SIGNING_SECRET,
    webhookToken: secrets.WEBHOOK_TOKEN,
    fleet: seeded.instances,
    motoUrl: moto.url,
    sns,
    appToken: secrets.SLACK_APP_TOKEN || undefined,
  });
  closers.push(() => chat.close());
  // The SDK reads its endpoint overrides from the process environment.
  Object.assign(process.env, moto.env, { AWS_ENDPOINT_URL_HEALTH: `${chat.url}/aws-health` });
  const logFile = path.join(dir, 'bot.log');
  const botEnv = {
    ...process.env,
    ...secrets,
    SLACK_API_URL: `${chat.url}/api/`,
    REDIS_URL: s.redis.redisUrl,
    REDIS_CLUSTER: String(!!s.redis.redisCluster),
    EC2BOT_REDIS_PREFIX: s.prefix,
    EC2BOT_CONFIG: configFile,
    PORT: String(s.botPort),
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
  };
  const bot = await startDemoBot(botEnv, logFile, { snsHttp: sns?.http });
  closers.push(() => bot.close());
  chat.connectBot(bot.url);
  closers.push(scheduleLateEvent(moto, seeded.instances, say));
  banner(chat.url, bot.url, { ...seeded, configFile, logFile, slackMode: s.slackMode });
}

/** What went wrong at start, in a sentence where we know it; the stack otherwise. */
function explain(err: unknown, botPort: number): string {
  if (err instanceof RedisUnavailableError || err instanceof RedisPolicyError) return err.message;
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return `the bot's port ${botPort} is in use — set DEMO_BOT_PORT to another port (0 = any free port)`;
  }
  const message = (err as Error).message ?? String(err);
  if (/^(moto_server|cannot run|port \d+ is in use)/.test(message)) return message;
  return (err as Error).stack ?? String(err);
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function banner(
  consoleUrl: string,
  botUrl: string,
  s: {
    instances: unknown[];
    snapshots: number;
    snapshotsBackdated: boolean;
    configFile: string;
    logFile: string;
    slackMode: 'http' | 'socket';
  },
): void {
  say('');
  say(`ec2-ops-bot demo is running — open ${consoleUrl}`);
  say('');
  say('  1. type  /ec2 events prod          (scheduled maintenance across both regions)');
  say('  2. press "Stop/Start now" on the instance-stop row (you are alice, an operator)');
  say('  3. switch user to bob (approver), press Approve, and watch the thread reach "done"');
  say(
    '  4. type  /ec2 maintenance plan all  (every open event placed in a window; Approve plan runs it in waves)',
  );
  say(
    '  5. wait a minute: a new event arrives and the standing plan in #prod-alerts plans it, no command typed',
  );
  say('');
  say(
    `  fleet: ${s.instances.length} instances in prod + staging, ${s.snapshots} snapshots${s.snapshotsBackdated ? '' : ' (all dated today)'}`,
  );
  say(`  bot: ${botUrl} (unchanged; Slack API = the console, AWS = moto)   config: ${s.configFile}`);
  say(
    s.slackMode === 'socket'
      ? '  Slack: Socket Mode — the bot opened a WebSocket to the console (apps.connections.open); no request reaches it over HTTP'
      : "  Slack: HTTP — the console POSTs signed requests to the bot's /slack/events (npm run demo -- --socket for Socket Mode)",
  );
  say(`  bot log: ${s.logFile}`);
  say('  Ctrl-C stops everything.');
}

void main();
