import { randomBytes } from 'node:crypto';
import { AlertBuckets } from '../../src/alerts/buckets';
import { type AlertCounterName, countAlert } from '../../src/alerts/counters';
import { isConfiguredAccount } from '../../src/alerts/route';
import { AlertStore } from '../../src/alerts/store';
import type { Deps } from '../../src/deps';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { parseAwsEvent } from '../../src/domain/awsEvent';
import { defineJob } from '../../src/jobDefinition';
import type { Logger } from '../../src/logger';
import { QUEUE } from '../../src/queues';
import { FLUSH_JOB } from '../alert-flush/schema';
import { alertIngestPayload } from './schema';

/** Parses a batch; counts what is not an alert; returns the signals of routable accounts. */
async function signalsOf(deps: Deps, events: unknown[], log: Logger): Promise<AlertSignal[]> {
  const out: AlertSignal[] = [];
  const counts = new Map<AlertCounterName, number>();
  const bump = (k: AlertCounterName) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const ev of events) {
    const parsed = parseAwsEvent(ev, deps.now());
    if (parsed.kind === 'unknown') bump('unknown-type');
    else if (parsed.kind === 'ignored') bump(`ignored:${parsed.reason}`);
    else if (!isConfiguredAccount(deps.config, parsed.accountId)) {
      bump('unknown-account');
      log.warn(
        { accountId: parsed.accountId, defaultChannel: Boolean(deps.config.defaultAlertChannel) },
        'alert for an account not in the config',
      );
      if (deps.config.defaultAlertChannel) out.push(...parsed.signals);
    } else out.push(...parsed.signals);
  }
  for (const [k, n] of counts) await countAlert(deps, k, n);
  return out;
}

/**
 * A batch of webhook events: parse, drop replays (dedupe key SET NX), and drop the new signals into the
 * aggregation bucket of their account and type; the first signal of a bucket schedules its flush.
 */
export const alertIngestJob = defineJob({
  queue: QUEUE.alerts,
  name: 'alert-ingest',
  schema: alertIngestPayload,
  create: (deps) => {
    const store = new AlertStore(deps.redis, deps.keyPrefix);
    const buckets = new AlertBuckets(deps.redis, deps.keyPrefix);
    const tuning = deps.tuning.alerts;
    return async (data, { job, log }) => {
      const all = await signalsOf(deps, data.events, log);
      const fresh = await store.firstSeen(
        all.map((s) => s.dedupeKey),
        String(job.id),
      );
      const signals = all.filter((_, i) => fresh[i]);
      const replays = all.length - signals.length;
      if (replays) await countAlert(deps, 'replay', replays);
      const groups = new Map<string, AlertSignal[]>();
      for (const s of signals) {
        const k = `${s.accountId}|${s.type}`;
        const g = groups.get(k);
        if (g) g.push(s);
        else groups.set(k, [s]);
      }
      for (const group of groups.values()) {
        const { accountId, type } = group[0] as AlertSignal;
        const newId = `b${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
        const { bucketId, opened } = await buckets.push(accountId, type, group, tuning.windowMs, newId);
        if (!opened) continue;
        await deps.queues.add(
          QUEUE.alerts,
          FLUSH_JOB,
          { correlationId: data.correlationId, accountId, type, bucketId },
          { jobId: `flush-${bucketId}`, delay: tuning.windowMs },
        );
      }
      return { events: data.events.length, signals: signals.length, replays };
    };
  },
});
