import { SlackAuthError, startIntake, startWeb, type WebHandle } from './app';
import { ConfigError, loadConfig } from './config/load';
import { pagerEnvProblems } from './config/pagerEnv';
import { QueueUrlError } from './config/queueUrl';
import { readSettings, SettingsError } from './config/settings';
import { createLogger } from './logger';
import { buildWebDeps } from './process/webDeps';
import { assertRedis, RedisPolicyError, RedisUnavailableError } from './redis/check';
import type { WorkerHandle } from './worker';

type Mode = 'all' | 'web' | 'worker' | 'intake';
const MODES: readonly Mode[] = ['all', 'web', 'worker', 'intake'];
const SHUTDOWN_GRACE_MS = 25_000;

/**
 * Entry point: `node dist/src/main.js [all|web|worker|intake]` (npm start, start:web, start:worker;
 * `intake` polls AWS_EVENTS_QUEUE_URL alone, with /healthz and /metrics on PORT).
 */
async function main(mode: Mode): Promise<void> {
  const settings = readSettings(process.env, { slack: mode === 'all' || mode === 'web' });
  if (mode === 'intake' && !settings.awsEventsQueueUrl) {
    throw new SettingsError(
      'intake: AWS_EVENTS_QUEUE_URL is not set — the SQS queue the AWS events arrive on',
    );
  }
  const log = createLogger({
    level: settings.logLevel,
    secrets: [
      settings.slackBotToken,
      settings.slackSigningSecret,
      settings.slackAppToken ?? '',
      settings.webhookToken ?? '',
      settings.adminPassword ?? '',
    ],
  });
  const config = loadConfig(process.env);
  const pagerProblems = pagerEnvProblems(config, process.env);
  if (pagerProblems.length && (mode === 'all' || mode === 'worker'))
    throw new ConfigError(config.file, pagerProblems);
  if (pagerProblems.length)
    log.warn({ problems: pagerProblems }, 'pager targets not usable from this process');
  const redisCheck = await assertRedis(settings);
  for (const warning of redisCheck.warnings) log.warn({ redis: 'maxmemory-policy unknown' }, warning);
  // The web process alone loads no AWS SDK module: the worker's root (AWS clients, jobs) is loaded
  // only by a process that runs jobs.
  let web: WebHandle | undefined;
  let worker: WorkerHandle | undefined;
  let close: () => Promise<void>;
  if (mode === 'web' || mode === 'intake') {
    const built = buildWebDeps(settings, config, log);
    close = built.close;
    web = mode === 'web' ? await startWeb(built.deps, settings) : await startIntake(built.deps, settings);
  } else {
    const [{ buildDeps }, { startWorker }] = await Promise.all([import('./runtime'), import('./worker')]);
    const built = buildDeps(settings, config, log);
    close = built.close;
    if (mode === 'all') web = await startWeb(built.deps, settings);
    worker = startWorker(built.deps, settings);
  }
  log.info({ mode, port: web?.port, accounts: [...config.accounts.keys()] }, 'ec2-ops-bot started');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new work, waiting for running jobs');
    const force = setTimeout(() => {
      log.error('shutdown took too long; running jobs go back to the queue as stalled');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    await web?.close();
    await worker?.close();
    await close();
    log.info('stopped');
    log.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

const mode = (process.argv[2] ?? 'all') as Mode;
if (!MODES.includes(mode)) {
  process.stderr.write(`usage: main [${MODES.join('|')}] (got "${mode}")\n`);
  process.exit(2);
}
main(mode).catch((err: unknown) => {
  const known =
    err instanceof ConfigError ||
    err instanceof SettingsError ||
    err instanceof RedisUnavailableError ||
    err instanceof RedisPolicyError ||
    err instanceof SlackAuthError ||
    err instanceof QueueUrlError;
  process.stderr.write(`ec2-ops-bot: ${known ? (err as Error).message : (err as Error)?.stack}\n`);
  process.exit(known ? 78 : 1);
});
