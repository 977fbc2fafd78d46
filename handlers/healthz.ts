import type { RequestHandler } from 'express';
import type { Redis } from '../src/redis';

/** GET /healthz: 200 when Redis answers within a second, else 503. */
export const healthz =
  (redis: Redis): RequestHandler =>
  async (_req, res) => {
    const started = Date.now();
    try {
      await Promise.race([
        redis.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
      ]);
      res.status(200).json({ status: 'ok', redis: { ok: true, ms: Date.now() - started } });
    } catch {
      res.status(503).json({ status: 'unavailable', redis: { ok: false } });
    }
  };
