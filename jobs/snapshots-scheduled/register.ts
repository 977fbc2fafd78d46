import type { Deps } from '../../src/deps';
import { snapshotPolicyOf } from '../../src/domain/snapshotPolicy';
import { QUEUE } from '../../src/jobs/queues';
import { SNAPSHOTS_SCHEDULED } from '../../src/jobs/snapshotsScheduled';

export const SCHEDULER_PREFIX = 'snapshots:';
export const schedulerId = (alias: string): string => `${SCHEDULER_PREFIX}${alias}`;

/**
 * One BullMQ job scheduler per account with a `snapshots:` policy, on the `schedules` queue, with the
 * policy's cron and time zone; schedulers of accounts no longer configured are removed. Idempotent:
 * every worker calls it at start (upsert), so several workers agree on one scheduler per account.
 */
export async function registerSnapshotSchedules(
  deps: Deps,
): Promise<{ upserted: string[]; removed: string[]; failed: string[] }> {
  const queue = deps.queues.get(QUEUE.schedules);
  const wanted = new Set<string>();
  const failed: string[] = [];
  for (const account of deps.config.accounts.values()) {
    const policy = snapshotPolicyOf(account);
    if (!policy) continue;
    const id = schedulerId(account.alias);
    wanted.add(id);
    try {
      await queue.upsertJobScheduler(
        id,
        { pattern: policy.schedule, tz: policy.tz },
        {
          name: SNAPSHOTS_SCHEDULED.name,
          data: { correlationId: `sched-${account.alias}`, account: account.alias },
          opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
        },
      );
    } catch (err) {
      // One account's bad cron must not keep the others from their schedule.
      failed.push(id);
      deps.log.error(
        { err, account: account.alias, schedule: policy.schedule },
        `accounts.${account.alias}.snapshots.schedule: not a schedule BullMQ accepts — no scheduled retention for this account`,
      );
    }
  }
  const removed: string[] = [];
  for (const s of await queue.getJobSchedulers(0, -1)) {
    if (s.key.startsWith(SCHEDULER_PREFIX) && !wanted.has(s.key)) {
      await queue.removeJobScheduler(s.key);
      removed.push(s.key);
    }
  }
  const upserted = [...wanted].filter((id) => !failed.includes(id));
  if (wanted.size || removed.length)
    deps.log.info({ upserted, removed, failed }, 'snapshot schedules registered');
  return { upserted, removed, failed };
}
