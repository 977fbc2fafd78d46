import { type AccountSchedulersResult, syncAccountSchedulers } from '../../src/accountSchedulers';
import type { Deps } from '../../src/deps';
import { snapshotPolicyOf } from '../../src/domain/snapshotPolicy';
import { SNAPSHOTS_SCHEDULED } from '../../src/jobs/snapshotsScheduled';

export const SCHEDULER_PREFIX = 'snapshots:';
export const schedulerId = (alias: string): string => `${SCHEDULER_PREFIX}${alias}`;

/**
 * One BullMQ job scheduler per account with a `snapshots:` policy, on the `schedules` queue, with the
 * policy's cron and time zone; schedulers of accounts no longer configured are removed.
 */
export const registerSnapshotSchedules = (deps: Deps): Promise<AccountSchedulersResult> =>
  syncAccountSchedulers(deps, {
    job: SNAPSHOTS_SCHEDULED,
    prefix: SCHEDULER_PREFIX,
    scheduleOf: (account) => {
      const policy = snapshotPolicyOf(account);
      return policy
        ? {
            repeat: { pattern: policy.schedule, tz: policy.tz },
            data: { correlationId: `sched-${account.alias}`, account: account.alias },
            opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
          }
        : undefined;
    },
    refused: (a) =>
      `accounts.${a.alias}.snapshots.schedule: not a schedule BullMQ accepts — no scheduled retention for this account`,
    registered: 'snapshot schedules registered',
  });
