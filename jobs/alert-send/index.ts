import { DelayedError, type Job } from 'bullmq';
import { countAlert } from '../../src/alerts/counters';
import { AlertOutbox, SEND_JOB } from '../../src/alerts/outbox';
import { defineJob } from '../../src/jobDefinition';
import { QUEUE } from '../../src/queues';
import { slackFailure } from '../../src/slack/notifier';
import { alertSendPayload } from './schema';
import { sendItem } from './sendItem';

/** Parks this job until `ms` from now (pacing or Retry-After) without holding a worker slot. */
async function park(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.ceil(ms), token);
  throw new DelayedError();
}

/**
 * The drainer of one channel's outbox: one Slack call, then park until the channel's pace allows the
 * next. A 429 (Retry-After, see src/slack/notifier.ts `slackFailure`) parks this
 * channel's drainer only; a Slack refusal (channel_not_found, …) drops that item and is logged;
 * a network error retries the same item shortly.
 */
export const alertSendJob = defineJob({
  queue: QUEUE.alerts,
  name: SEND_JOB,
  schema: alertSendPayload,
  create: (deps) => {
    const outbox = new AlertOutbox(deps);
    const tuning = deps.tuning.alerts;
    return async (data, { job, token, log }) => {
      const { channel } = data;
      for (;;) {
        const wait = await outbox.paceWait(channel);
        if (wait > 0) return park(job, token, wait);
        const item = await outbox.peek(channel);
        if (!item) {
          if (await outbox.release(channel)) return { drained: true };
          continue;
        }
        await outbox.touch(channel);
        let sent: boolean;
        try {
          sent = await sendItem(deps, channel, item, tuning);
        } catch (err) {
          const failure = slackFailure(err);
          if (failure.kind === 'rate-limited') {
            const ms = failure.retryAfterMs;
            await countAlert(deps, 'slack-rate-limited');
            log.warn({ channel, retryAfterMs: ms }, 'Slack 429: this channel waits for Retry-After');
            await outbox.pace(channel, ms);
            return park(job, token, ms);
          }
          if (failure.kind === 'refused') {
            await countAlert(deps, 'slack-dropped');
            log.error(
              { channel, slackError: failure.error, item: item.t },
              'Slack refused an alert message; dropped',
            );
            await outbox.pop(channel);
            continue;
          }
          log.warn({ err, channel }, 'Slack unreachable; retrying this item');
          return park(job, token, 2000);
        }
        await outbox.pop(channel);
        if (sent) await outbox.pace(channel, tuning.paceMs);
      }
    };
  },
});
