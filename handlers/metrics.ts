import type { RequestHandler } from 'express';
import { readAlertCounters } from '../src/alerts/counters';
import type { WebDeps } from '../src/deps';
import type { Queues } from '../src/jobs/queueClient';
import type { Metrics } from '../src/metrics';

/** GET /metrics: Prometheus text; queue depths are read from Redis at scrape time. */
export const metricsRoute =
  (metrics: Metrics, queues: Queues, deps: Pick<WebDeps, 'redis' | 'keyPrefix'>): RequestHandler =>
  async (_req, res) => {
    try {
      await Promise.all(
        queues.all().map(async (q) => {
          const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
          for (const [state, n] of Object.entries(counts)) metrics.queueJobs.set({ queue: q.name, state }, n);
        }),
      );
      for (const [stage, n] of Object.entries(await readAlertCounters(deps))) {
        if (!stage.startsWith('unhandled:')) {
          metrics.alerts.set({ stage }, n);
          continue;
        }
        const [source, ...rest] = stage.slice('unhandled:'.length).split('|');
        metrics.webhookUnhandled.set({ source, detail_type: rest.join('|') || '-' }, n);
      }
    } catch {
      // Redis down: serve the process metrics anyway; /healthz says what is wrong.
    }
    res.setHeader('content-type', metrics.registry.contentType);
    res.end(await metrics.registry.metrics());
  };
