import type { Job } from 'bullmq';
import type { TestBot } from './bot';

/** Polls a job until it completes or fails for good; returns its final state and the job. */
export async function waitForJob(
  bot: TestBot,
  queue: 'query' | 'ops',
  jobId: string,
  timeoutMs = 60_000,
): Promise<{ state: string; job: Job }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await bot.deps.queues.get(queue).getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (job && (state === 'completed' || state === 'failed')) return { state, job };
    if (Date.now() > deadline) throw new Error(`job ${queue}/${jobId} still ${state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
