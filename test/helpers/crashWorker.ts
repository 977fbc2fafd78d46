import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { TestBot } from './bot';
import { until } from './ops';
import { REDIS_URL } from './redis';

export interface CrashWorker {
  child: ChildProcess;
  /** What the child said: `{ ready }`, then `{ crashed, stopped }` at its crash point. */
  messages: Record<string, unknown>[];
  /** Until the child reached its crash point; then SIGKILL it and wait until it is gone. */
  crashAndKill(timeoutMs?: number): Promise<void>;
  /** Kills it if still running (afterAll). */
  kill(): void;
}

/**
 * Starts test/helpers/opsWorkerProcess.ts — the `ops` queue of `bot`'s Redis prefix in another process,
 * hanging once `crashAfter` (an SDK command name) has returned — and waits until it is ready.
 */
export async function startCrashWorker(
  bot: TestBot,
  config: string,
  crashAfter?: string,
): Promise<CrashWorker> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'opsWorkerProcess.ts')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      OPS_CONFIG: config,
      OPS_POLL_MS: '50',
      REDIS_URL,
      EC2BOT_REDIS_PREFIX: bot.settings.redisPrefix,
      ...(crashAfter ? { CRASH_AFTER: crashAfter } : {}),
    },
  });
  const messages: Record<string, unknown>[] = [];
  child.on('message', (m) => messages.push(m as Record<string, unknown>));
  await until(async () => messages.some((m) => m.ready), 'child worker ready', 60_000);
  return {
    child,
    messages,
    async crashAndKill(timeoutMs = 30_000) {
      await until(
        async () => messages.some((m) => m.crashed),
        `${crashAfter ?? 'the crash point'} in the child`,
        timeoutMs,
      );
      child.kill('SIGKILL');
      await until(async () => child.exitCode !== null || child.signalCode !== null, 'child gone');
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
