import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { until } from './ops';

/**
 * A worker process (test/helpers/opsWorkerProcess.ts) that runs ops jobs until `crashAfter` (an EC2
 * command name) has returned, then hangs: it is SIGKILLed there, as a crashed machine stops mid-job.
 * Resolves once it is gone. `children` collects it for the caller's clean-up.
 */
export async function crashingWorker(
  crashAfter: string,
  env: { config: string; slackApiUrl: string; redisUrl: string; prefix: string },
  children: ChildProcess[] = [],
): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'opsWorkerProcess.ts')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      OPS_CONFIG: env.config,
      OPS_POLL_MS: '50',
      CRASH_AFTER: crashAfter,
      SLACK_API_URL: env.slackApiUrl,
      SLACK_BOT_TOKEN: 'xoxb-test-token-0123456789',
      REDIS_URL: env.redisUrl,
      EC2BOT_REDIS_PREFIX: env.prefix,
    },
  });
  children.push(child);
  const messages: Record<string, unknown>[] = [];
  child.on('message', (m) => messages.push(m as Record<string, unknown>));
  await until(
    async () => messages.some((m) => m.crashed === crashAfter),
    `the worker to reach ${crashAfter}`,
    90_000,
  );
  child.kill('SIGKILL');
  await until(async () => child.exitCode !== null || child.signalCode !== null, 'the worker gone');
}
