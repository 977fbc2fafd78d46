import type { RequestHandler } from 'express';
import type { Queues } from '../src/jobs/queueClient';
import type { Redis } from '../src/redis/client';
import { liveWorkers } from '../src/redis/heartbeat';

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

/**
 * GET /healthz: 200 when Redis answers within a second, else 503. The body also reports live
 * workers (last heartbeat) and each queue's backlog, for dashboards; workers may run elsewhere, so
 * their absence does not fail the web process's health.
 */
export const healthz =
  (redis: Redis, opts: { prefix?: string; queues?: Queues } = {}): RequestHandler =>
  async (_req, res) => {
    const started = Date.now();
    try {
      await withTimeout(redis.ping(), 1000);
    } catch {
      res.status(503).json({ status: 'unavailable', redis: { ok: false } });
      return;
    }
    const body: Record<string, unknown> = { status: 'ok', redis: { ok: true, ms: Date.now() - started } };
    try {
      if (opts.prefix) {
        const workers = await withTimeout(liveWorkers(redis, opts.prefix), 1000);
        const last = workers
          .map((w) => w.at)
          .sort()
          .pop();
        body.workers = { live: workers.length, lastHeartbeat: last ?? null };
      }
      if (opts.queues) {
        const counts = await withTimeout(
          Promise.all(
            opts.queues
              .all()
              .map(async (q) => [q.name, await q.getJobCounts('waiting', 'active', 'delayed', 'failed')]),
          ),
          1000,
        );
        body.queues = Object.fromEntries(counts);
      }
    } catch {
      body.details = 'partial: Redis was slow to list workers or queues';
    }
    res.status(200).json(body);
  };
