import { type Job, QueueEvents } from 'bullmq';
import { createRedis } from '../../src/redis/client';
import { redisKeys } from '../../src/redis/keys';
import type { TestBot } from './bot';
import { REDIS_URL } from './redis';

/** Polls a job until it completes or fails for good; returns its final state and the job. */
export async function waitForJob(
  bot: TestBot,
  queue: 'query' | 'ops',
  jobId: string,
  timeoutMs = 60_000,
): Promise<{ state: string; job: Job }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const q = bot.deps.queues.get(queue);
    const state = await q.getJobState(jobId);
    // Read the job after its state: read before, it may lack the return value it finished with.
    const job = state === 'completed' || state === 'failed' ? await q.getJob(jobId) : undefined;
    if (job) return { state, job };
    if (Date.now() > deadline) throw new Error(`job ${queue}/${jobId} still ${state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits for BullMQ's own "completed"/"failed" event of a job (no polling, no short fixed timeout: on a
 * loaded machine the job takes what it takes; the test's timeout is the only bound). Returns the state.
 */
export async function jobFinished(
  bot: TestBot,
  queue: 'query' | 'ops' | 'alerts' | 'schedules',
  jobId: string,
  timeoutMs = 120_000,
): Promise<'completed' | 'failed'> {
  const connection = createRedis({ redisUrl: REDIS_URL });
  const events = new QueueEvents(queue, { connection, prefix: redisKeys(bot.deps.keyPrefix).queue(queue) });
  try {
    await events.waitUntilReady();
    const job = await bot.deps.queues.get(queue).getJob(jobId);
    if (!job) throw new Error(`no job ${queue}/${jobId}`);
    return await job.waitUntilFinished(events, timeoutMs).then(
      () => 'completed' as const,
      () => 'failed' as const,
    );
  } finally {
    await events.close();
    connection.disconnect();
  }
}

/** Alert jobs that, delayed, are still work in flight (a batched flush, a paced sender); timers are not. */
const IN_FLIGHT = new Set(['alert-ingest', 'alert-flush', 'alert-send', 'alert-page']);

/**
 * Waits until the alerts queue has nothing left to do now: nothing waiting or running, no flush or
 * sender parked for later (escalation and auto-recover timers may stay delayed).
 */
export async function alertsIdle(bot: TestBot, timeoutMs = 60_000): Promise<void> {
  const q = bot.deps.queues.get('alerts');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await q.getJobCounts('waiting', 'active', 'prioritized');
    const parked = (await q.getDelayed()).some((j) => IN_FLIGHT.has(j.name));
    if (!n.waiting && !n.active && !n.prioritized && !parked) return;
    if (Date.now() > deadline) throw new Error(`alerts queue still busy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
