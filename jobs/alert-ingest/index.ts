import { randomBytes } from 'node:crypto';
import { AlertBuckets } from '../../src/alerts/buckets';
import { type AlertCounterName, countAlert, countUnhandled } from '../../src/alerts/counters';
import type { Deps } from '../../src/deps';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { parseAwsEvent } from '../../src/domain/awsEvent';
import { expandPublicSignal } from '../../src/domain/publicEvent';
import { ALERT_FLUSH } from '../../src/jobs/alertFlush';
import { ALERT_INGEST } from '../../src/jobs/alertIngest';
import type { Logger } from '../../src/logger';
import { defineJob } from '../../src/process/jobDefinition';
import { sweepOnScheduledChange } from '../maintenance-sweep/register';

/**
 * The signals of one parsed event the bot routes: a public (region-wide) notice becomes one per
 * managed account in its region; a Spot warning counts only for an account and region the bot
 * manages; others go to their account (or, unconfigured, to defaults.default_alert_channel).
 */
function routable(
  deps: Deps,
  signals: AlertSignal[],
  bump: (k: AlertCounterName) => void,
  log: Logger,
): AlertSignal[] {
  const accounts = [...deps.config.accounts.values()];
  const out: AlertSignal[] = [];
  for (const s of signals) {
    if (s.scope === 'public') {
      const copies = expandPublicSignal(s, accounts);
      if (copies.length === 0) bump('ignored:public-region-not-managed');
      out.push(...copies);
      continue;
    }
    const account = accounts.find((a) => a.id === s.accountId);
    if (s.kind === 'spot') {
      if (account?.regions.includes(s.region)) out.push(s);
      else bump('ignored:spot-not-managed');
      continue;
    }
    if (account) out.push(s);
    else {
      bump('unknown-account');
      log.warn(
        { accountId: s.accountId, defaultChannel: Boolean(deps.config.defaultAlertChannel) },
        'alert for an account not in the config',
      );
      if (deps.config.defaultAlertChannel) out.push(s);
    }
  }
  return out;
}

/** Parses a batch; counts what is not an alert; returns the signals of routable accounts. */
async function signalsOf(deps: Deps, events: unknown[], log: Logger): Promise<AlertSignal[]> {
  const out: AlertSignal[] = [];
  const counts = new Map<AlertCounterName, number>();
  const bump = (k: AlertCounterName) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const ev of events) {
    const parsed = parseAwsEvent(ev, deps.now());
    if (parsed.kind === 'unknown') await countUnhandled(deps, parsed.type, 'ingest');
    else if (parsed.kind === 'ignored') bump(`ignored:${parsed.reason}`);
    else out.push(...routable(deps, parsed.signals, bump, log));
  }
  for (const [k, n] of counts) await countAlert(deps, k, n);
  return out;
}

/**
 * A batch of webhook events: parse, drop replays (dedupe key SET NX), and drop the new signals into the
 * aggregation bucket of their account and type; the first signal of a bucket schedules its flush (at
 * once for the first bucket of a window, after a pace interval for the later ones).
 */
export const alertIngestJob = defineJob({
  ...ALERT_INGEST,
  create: (deps) => {
    const store = deps.stores.alerts;
    const buckets = new AlertBuckets(deps.redis, deps.keyPrefix);
    const tuning = deps.tuning.alerts;
    return async (data, { job, log }) => {
      const all = await signalsOf(deps, data.events, log);
      // A scheduled change (new, or AWS cancelled/completed it) sweeps its account's standing plan now.
      await sweepOnScheduledChange(deps, all, data.correlationId);
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
        const { bucketId, opened, batched } = await buckets.push(
          accountId,
          type,
          group,
          tuning.windowMs,
          newId,
        );
        if (!opened) continue;
        // The window's first bucket goes at once; later ones gather for a pace interval (the message
        // they update can change only once per pace interval anyway).
        await deps.queues.enqueue(
          ALERT_FLUSH,
          { correlationId: data.correlationId, accountId, type, bucketId },
          { jobId: `flush-${bucketId}`, ...(batched ? { delay: tuning.paceMs } : {}) },
        );
      }
      return { events: data.events.length, signals: signals.length, replays };
    };
  },
});
