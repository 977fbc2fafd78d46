import { randomBytes } from 'node:crypto';
import { AlertBuckets } from '../../src/alerts/buckets';
import { countAlert } from '../../src/alerts/counters';
import { isConfiguredAccount } from '../../src/alerts/route';
import { AlertStore } from '../../src/alerts/store';
import { alertTuning } from '../../src/alerts/tuning';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { parseAwsEvent } from '../../src/domain/awsEvent';
import { defineJob } from '../../src/jobDefinition';
import { QUEUE } from '../../src/queues';
import { FLUSH_JOB } from '../alert-flush/schema';
import { alertIngestPayload } from './schema';

/**
 * One webhook event: parse, drop replays (dedupe key SET NX), and drop the new signals into the
 * aggregation bucket of their account and type; the first signal of a bucket schedules its flush.
 */
export const alertIngestJob = defineJob({
  queue: QUEUE.alerts,
  name: 'alert-ingest',
  schema: alertIngestPayload,
  create: (deps) => {
    const store = new AlertStore(deps.redis, deps.keyPrefix);
    const buckets = new AlertBuckets(deps.redis, deps.keyPrefix);
    const tuning = alertTuning();
    return async (data, { job, log }) => {
      const parsed = parseAwsEvent(data.event, deps.now());
      if (parsed.kind === 'unknown') {
        await countAlert(deps, 'unknown-type');
        return { outcome: 'unknown-type' };
      }
      if (parsed.kind === 'ignored') {
        await countAlert(deps, `ignored:${parsed.reason}`);
        return { outcome: 'ignored', reason: parsed.reason };
      }
      if (!isConfiguredAccount(deps.config, parsed.accountId)) {
        await countAlert(deps, 'unknown-account');
        log.warn(
          { accountId: parsed.accountId, defaultChannel: Boolean(deps.config.defaultAlertChannel) },
          'alert for an account not in the config',
        );
        if (!deps.config.defaultAlertChannel) return { outcome: 'unknown-account' };
      }
      const fresh = await store.firstSeen(
        parsed.signals.map((s) => s.dedupeKey),
        String(job.id),
      );
      const signals = parsed.signals.filter((_, i) => fresh[i]);
      const replays = parsed.signals.length - signals.length;
      if (replays) await countAlert(deps, 'replay', replays);
      const byType = new Map<string, AlertSignal[]>();
      for (const s of signals) byType.set(s.type, [...(byType.get(s.type) ?? []), s]);
      for (const [type, group] of byType) {
        const newId = `b${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
        const { bucketId, opened } = await buckets.push(
          parsed.accountId,
          type,
          group,
          tuning.windowMs,
          newId,
        );
        if (!opened) continue;
        await deps.queues.add(
          QUEUE.alerts,
          FLUSH_JOB,
          { correlationId: data.correlationId, accountId: parsed.accountId, type, bucketId },
          { jobId: `flush-${bucketId}`, delay: tuning.windowMs },
        );
      }
      return { outcome: 'ok', signals: signals.length, replays };
    };
  },
});
