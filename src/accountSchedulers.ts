import type { JobSchedulerTemplateOptions, RepeatOptions } from 'bullmq';
import type { z } from 'zod';
import type { Account } from './config/types';
import type { Deps } from './deps';
import type { JobSpec } from './jobs/spec';

/** One account's scheduler: when it repeats (a cron and its tz, or every n ms) and the job it adds. */
export interface AccountSchedule<S extends z.ZodTypeAny> {
  repeat: Pick<RepeatOptions, 'pattern' | 'tz' | 'every'>;
  data: z.input<S>;
  opts: JobSchedulerTemplateOptions;
}

/** A family of per-account schedulers: ids `<prefix><alias>`, each adding `job` on its queue. */
export interface AccountSchedulers<S extends z.ZodTypeAny> {
  job: JobSpec<S>;
  prefix: string;
  /** The account's schedule, or undefined when the account wants none. */
  scheduleOf: (account: Account) => AccountSchedule<NoInfer<S>> | undefined;
  /** Logged when BullMQ refuses an account's scheduler (e.g. a bad cron): what the account goes without. */
  refused: (account: Account) => string;
  /** Logged once the family is in place. */
  registered: string;
}

export interface AccountSchedulersResult {
  upserted: string[];
  removed: string[];
  failed: string[];
}

/**
 * One BullMQ job scheduler per account that wants one; the family's schedulers of accounts that no longer
 * do are removed. Idempotent (upsert): every worker calls it at start, and any number of workers agree on
 * one scheduler per account. One account's refused scheduler does not keep the others from theirs.
 * https://docs.bullmq.io/guide/job-schedulers
 */
export async function syncAccountSchedulers<S extends z.ZodTypeAny>(
  deps: Deps,
  family: AccountSchedulers<S>,
): Promise<AccountSchedulersResult> {
  const queue = deps.queues.get(family.job.queue);
  const wanted = new Set<string>();
  const failed: string[] = [];
  for (const account of deps.config.accounts.values()) {
    const schedule = family.scheduleOf(account);
    if (!schedule) continue;
    const id = `${family.prefix}${account.alias}`;
    wanted.add(id);
    try {
      await queue.upsertJobScheduler(id, schedule.repeat, {
        name: family.job.name,
        data: schedule.data,
        opts: schedule.opts,
      });
    } catch (err) {
      failed.push(id);
      deps.log.error({ err, account: account.alias, repeat: schedule.repeat }, family.refused(account));
    }
  }
  const removed: string[] = [];
  for (const s of await queue.getJobSchedulers(0, -1)) {
    if (s.key.startsWith(family.prefix) && !wanted.has(s.key)) {
      await queue.removeJobScheduler(s.key);
      removed.push(s.key);
    }
  }
  const upserted = [...wanted].filter((id) => !failed.includes(id));
  if (wanted.size || removed.length) deps.log.info({ upserted, removed, failed }, family.registered);
  return { upserted, removed, failed };
}
