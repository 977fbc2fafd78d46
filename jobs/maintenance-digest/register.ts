import type { Deps } from '../../src/deps';
import { MAINTENANCE_DIGEST } from '../../src/jobs/maintenanceDigest';
import { QUEUE } from '../../src/jobs/queues';

export const DIGEST_PREFIX = 'maintenance-digest:';
const DOW: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The cron of a digest: `{ day: "Mon", time: "09:00" }` → "0 9 * * 1" (the tz goes beside it). */
export const digestCron = (d: { day: string; time: string }): string => {
  const [h, m] = d.time.split(':').map(Number);
  return `${m} ${h} * * ${DOW[d.day]}`;
};

/**
 * One BullMQ job scheduler per account with `maintenance.digest`, on the `schedules` queue, in the
 * maintenance block's tz; schedulers of accounts without one any more are removed. Idempotent (upsert):
 * every worker calls it at start. https://docs.bullmq.io/guide/job-schedulers
 */
export async function registerDigestSchedules(
  deps: Deps,
): Promise<{ upserted: string[]; removed: string[] }> {
  const queue = deps.queues.get(QUEUE.schedules);
  const wanted = new Set<string>();
  for (const account of deps.config.accounts.values()) {
    const m = account.maintenance;
    if (!m?.digest) continue;
    const id = `${DIGEST_PREFIX}${account.alias}`;
    wanted.add(id);
    try {
      await queue.upsertJobScheduler(
        id,
        { pattern: digestCron(m.digest), tz: m.tz },
        {
          name: MAINTENANCE_DIGEST.name,
          data: { correlationId: `digest-${account.alias}`.slice(0, 64), account: account.alias },
          opts: { attempts: 2, backoff: { type: 'exponential', delay: 60_000 } },
        },
      );
    } catch (err) {
      // One account's scheduler must not keep the others from theirs.
      deps.log.error({ err, account: account.alias }, 'maintenance digest not scheduled for this account');
    }
  }
  const removed: string[] = [];
  for (const s of await queue.getJobSchedulers(0, -1)) {
    if (s.key.startsWith(DIGEST_PREFIX) && !wanted.has(s.key)) {
      await queue.removeJobScheduler(s.key);
      removed.push(s.key);
    }
  }
  if (wanted.size || removed.length)
    deps.log.info({ upserted: [...wanted], removed }, 'maintenance digests scheduled');
  return { upserted: [...wanted], removed };
}
