import { type AccountSchedulersResult, syncAccountSchedulers } from '../../src/accountSchedulers';
import type { Deps } from '../../src/deps';
import { MAINTENANCE_DIGEST } from '../../src/jobs/maintenanceDigest';

export const DIGEST_PREFIX = 'maintenance-digest:';
const DOW: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The cron of a digest: `{ day: "Mon", time: "09:00" }` → "0 9 * * 1" (the tz goes beside it). */
export const digestCron = (d: { day: string; time: string }): string => {
  const [h, m] = d.time.split(':').map(Number);
  return `${m} ${h} * * ${DOW[d.day]}`;
};

/**
 * One BullMQ job scheduler per account with `maintenance.digest`, on the `schedules` queue, in the
 * maintenance block's tz; schedulers of accounts without one any more are removed.
 */
export const registerDigestSchedules = (deps: Deps): Promise<AccountSchedulersResult> =>
  syncAccountSchedulers(deps, {
    job: MAINTENANCE_DIGEST,
    prefix: DIGEST_PREFIX,
    scheduleOf: ({ alias, maintenance: m }) =>
      m?.digest
        ? {
            repeat: { pattern: digestCron(m.digest), tz: m.tz },
            data: { correlationId: `digest-${alias}`.slice(0, 64), account: alias },
            opts: { attempts: 2, backoff: { type: 'exponential', delay: 60_000 } },
          }
        : undefined,
    refused: (a) => `maintenance digest not scheduled for account ${a.alias}`,
    registered: 'maintenance digests scheduled',
  });
