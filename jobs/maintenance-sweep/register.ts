import { type AccountSchedulersResult, syncAccountSchedulers } from '../../src/accountSchedulers';
import type { Deps } from '../../src/deps';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { eventCodeOfHealthType } from '../../src/domain/events';
import { MAINTENANCE_SWEEP } from '../../src/jobs/maintenanceSweep';

export const SWEEP_PREFIX = 'maintenance-sweep:';
/** Deliveries within this long of each other start one sweep (jobId dedupe). */
const DEDUPE_MS = 10_000;

/**
 * One BullMQ job scheduler per account with `maintenance.watch`, every `sweep_minutes`; schedulers of
 * accounts no longer watched are removed.
 */
export const registerSweepSchedules = (deps: Deps): Promise<AccountSchedulersResult> =>
  syncAccountSchedulers(deps, {
    job: MAINTENANCE_SWEEP,
    prefix: SWEEP_PREFIX,
    scheduleOf: ({ alias, maintenance: m }) =>
      m?.watch
        ? {
            repeat: { every: Math.round(m.sweep_minutes * 60_000) },
            data: {
              correlationId: `sweep-${alias}`.slice(0, 64),
              account: alias,
              trigger: 'schedule' as const,
            },
            opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 },
          }
        : undefined,
    refused: (a) => `maintenance sweep not scheduled for account ${a.alias}`,
    registered: 'maintenance sweeps scheduled',
  });

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
