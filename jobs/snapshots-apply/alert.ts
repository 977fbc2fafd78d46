import type { Job } from 'bullmq';
import type { Deps } from '../../src/deps';
import { userFacing } from '../../src/errors';
import { isUnrecoverable } from '../../src/jobRunner';
import type { Logger } from '../../src/logger';
import { runFailedView } from '../../src/views/snapshots';

/**
 * Runs a retention run; when it fails for the last time (no retry left, or a failure no retry fixes),
 * tells the channel — safe message, code and ref only — and rethrows for the job runner.
 */
export async function alertOnFinalFailure<T>(
  deps: Deps,
  job: Job,
  log: Logger,
  where: { account: string; channel?: string; threadTs?: string; correlationId: string },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const final = isUnrecoverable(err) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (final && where.channel) {
      const progressTs = (job.data as { progress?: { messageTs?: string } }).progress?.messageTs;
      await deps.notifier
        .post(where.channel, {
          ...runFailedView(where.account, userFacing(err, where.correlationId)),
          thread_ts: progressTs ?? where.threadTs,
        })
        .catch((e) => log.warn({ err: e }, 'failure alert not posted'));
    }
    throw err;
  }
}
