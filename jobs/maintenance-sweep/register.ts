import type { Deps } from '../../src/deps';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { eventCodeOfHealthType } from '../../src/domain/events';
import { MAINTENANCE_SWEEP } from '../../src/jobs/maintenanceSweep';

export const SWEEP_PREFIX = 'maintenance-sweep:';
/** Deliveries within this long of each other start one sweep (jobId dedupe). */
const DEDUPE_MS = 10_000;

/**
 * One BullMQ job scheduler per account with `maintenance.watch`, every `sweep_minutes`; schedulers of
 * accounts no longer watched are removed. Idempotent (upsert): every worker calls it at start.
 * https://docs.bullmq.io/guide/job-schedulers
 */
export async function registerSweepSchedules(deps: Deps): Promise<{ upserted: string[]; removed: string[] }> {
  const queue = deps.queues.get(MAINTENANCE_SWEEP.queue);
  const wanted = new Set<string>();
  for (const account of deps.config.accounts.values()) {
    const m = account.maintenance;
    if (!m?.watch) continue;
    const id = `${SWEEP_PREFIX}${account.alias}`;
    wanted.add(id);
    try {
      await queue.upsertJobScheduler(
        id,
        { every: Math.round(m.sweep_minutes * 60_000) },
        {
          name: MAINTENANCE_SWEEP.name,
          data: {
            correlationId: `sweep-${account.alias}`.slice(0, 64),
            account: account.alias,
            trigger: 'schedule',
          },
          opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 },
        },
      );
    } catch (err) {
      deps.log.error({ err, account: account.alias }, 'maintenance sweep not scheduled for this account');
    }
  }
  const removed: string[] = [];
  for (const s of await queue.getJobSchedulers(0, -1)) {
    if (s.key.startsWith(SWEEP_PREFIX) && !wanted.has(s.key)) {
      await queue.removeJobScheduler(s.key);
      removed.push(s.key);
    }
  }
  if (wanted.size || removed.length)
    deps.log.info({ upserted: [...wanted], removed }, 'maintenance sweeps scheduled');
  return { upserted: [...wanted], removed };
}

/** A Health scheduled change for an EC2 instance (retirement, stop, reboot, maintenance), open or closed. */
export const isScheduledChange = (s: AlertSignal): boolean =>
  s.kind === 'health' && eventCodeOfHealthType(s.type) !== s.type;

/**
 * The alert intake saw scheduled changes: sweep each watched account they name now, not at its next tick
 * (deduped: a burst of deliveries starts one sweep per account).
 */
export async function sweepOnScheduledChange(
  deps: Deps,
  signals: AlertSignal[],
  correlationId: string,
): Promise<void> {
  const ids = new Set(signals.filter(isScheduledChange).map((s) => s.accountId));
  const bucket = Math.floor(deps.now().getTime() / DEDUPE_MS);
  for (const account of deps.config.accounts.values()) {
    if (!ids.has(account.id) || !account.maintenance?.watch) continue;
    await deps.queues
      .enqueue(
        MAINTENANCE_SWEEP,
        { correlationId, account: account.alias, trigger: 'event' },
        {
          jobId: `maintenance-sweep-${account.alias}-${bucket}`,
          attempts: 6,
          backoff: { type: 'fixed', delay: 5_000 },
          removeOnComplete: 100,
          removeOnFail: 100,
        },
      )
      .catch((err) => deps.log.warn({ err, account: account.alias }, 'maintenance sweep not enqueued'));
  }
}
