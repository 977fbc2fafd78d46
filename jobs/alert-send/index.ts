import { createHash } from 'node:crypto';
import { DelayedError, type Job } from 'bullmq';
import { countAlert } from '../../src/alerts/counters';
import { AlertOutbox, type OutboxItem, SEND_ATTEMPTS } from '../../src/alerts/outbox';
import type { Deps } from '../../src/deps';
import { ALERT_SEND } from '../../src/jobs/alertSend';
import { defineJob, type JobContext } from '../../src/process/jobDefinition';
import { classifySlackError, slackBackoffMs, slackDeadlineMs } from '../../src/slack/slackRetry';
import { sendItem } from './sendItem';

/** Parks this job until `ms` from now (pacing, Retry-After, backoff) without holding a worker slot. */
async function park(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.ceil(ms), token);
  throw new DelayedError();
}

/** An item that failed for a reason that is not Slack's (a bug, a bad record) is tried this often. */
const NOT_SLACK_TRIES = 3;

/** The head item's failures so far, kept on the job across parkings. */
interface HeadFailures {
  key: string;
  since: number;
  tries: number;
}

const itemKey = (raw: string): string => createHash('sha1').update(raw).digest('base64url');
const aboutItem = (item: OutboxItem) =>
  'alertId' in item ? { alertId: item.alertId, item: item.t } : { item: item.t };

type Step = { next: 'continue' } | { next: 'park'; ms: number };

/** Decides what a failed send means for the head item: retry later (parked) or drop it, logged. */
async function onFailure(
  deps: Deps,
  channel: string,
  item: OutboxItem,
  raw: string,
  err: unknown,
  { job, log }: JobContext,
): Promise<Step> {
  const outbox = new AlertOutbox(deps);
  const f = classifySlackError(err);
  if (f.kind === 'rate-limited') {
    await countAlert(deps, 'slack-rate-limited');
    log.warn({ channel, retryAfterMs: f.retryAfterMs }, 'Slack 429: this channel waits for Retry-After');
    await outbox.pace(channel, f.retryAfterMs);
    return { next: 'park', ms: f.retryAfterMs };
  }
  const drop = async (counter: 'slack-dropped' | 'slack-gave-up' | 'send-failed', why: string) => {
    await countAlert(deps, counter);
    log.error({ channel, slackError: f.error, ...aboutItem(item), err }, why);
    if (item.t === 'post') await deps.stores.alerts.markPostDropped(item.alertId);
    await outbox.pop(channel);
    await job.updateData({ ...job.data, head: undefined });
    return { next: 'continue' } as const;
  };
  if (f.kind === 'refused') return drop('slack-dropped', 'Slack refused an alert message; dropped');
  const key = itemKey(raw);
  const prev = (job.data as { head?: HeadFailures }).head;
  const head: HeadFailures =
    prev?.key === key ? { ...prev, tries: prev.tries + 1 } : { key, since: Date.now(), tries: 1 };
  if (f.kind === 'not-slack' && head.tries >= NOT_SLACK_TRIES)
    return drop('send-failed', `alert message failed ${head.tries} times (not a Slack error); dropped`);
  const wait = slackBackoffMs(head.tries - 1);
  if (f.kind === 'transient' && Date.now() + wait - head.since > slackDeadlineMs())
    return drop('slack-gave-up', 'Slack still failing at the deadline; alert message given up');
  await job.updateData({ ...job.data, head });
  if (f.kind === 'transient') await countAlert(deps, 'slack-retry');
  log.warn(
    { channel, slackError: f.error, ...aboutItem(item), waitMs: wait, tries: head.tries },
    'alert message not sent; retrying',
  );
  return { next: 'park', ms: wait };
}

/**
 * The drainer of one channel's outbox: one Slack call, then park until the channel's pace allows the
 * next. A 429 parks this channel's drainer for Retry-After; a Slack outage (network, 5xx,
 * `internal_error`…) parks it with backoff until the item's deadline (EC2BOT_SLACK_DEADLINE_MS) — it
 * is posted when Slack answers again; a refusal (`channel_not_found`…) drops that item, logged with
 * its alert id. A corrupt item is dropped; an item that keeps failing for a reason that is not Slack's
 * is dropped after 3 tries. A drainer that fails for good hands its lane to a new one at once.
 */
export const alertSendJob = defineJob({
  ...ALERT_SEND,
  create: (deps) => {
    const outbox = new AlertOutbox(deps);
    const tuning = deps.tuning.alerts;
    const drain = async (channel: string, ctx: JobContext): Promise<unknown> => {
      const { job, token, log } = ctx;
      const me = String(job.id);
      for (;;) {
        if (!(await outbox.owns(channel, me))) return { drained: false, reason: 'lane taken over' };
        const wait = await outbox.paceWait(channel);
        if (wait > 0) return park(job, token, wait);
        const raw = await outbox.peekRaw(channel);
        if (!raw) {
          if (await outbox.release(channel, me)) return { drained: true };
          continue;
        }
        let item: OutboxItem;
        try {
          item = JSON.parse(raw) as OutboxItem;
        } catch {
          log.error({ channel, raw: raw.slice(0, 200) }, 'corrupt alert outbox item; dropped');
          await countAlert(deps, 'send-failed');
          await outbox.pop(channel);
          continue;
        }
        await outbox.touch(channel);
        let sent: boolean;
        try {
          sent = await sendItem(deps, channel, item, tuning);
        } catch (err) {
          const step = await onFailure(deps, channel, item, raw, err, ctx);
          if (step.next === 'park') {
            await outbox.touch(channel, step.ms / 1000 + 60);
            return park(job, token, step.ms);
          }
          continue;
        }
        await outbox.pop(channel);
        if ((job.data as { head?: unknown }).head) await job.updateData({ ...job.data, head: undefined });
        if (sent) await outbox.pace(channel, tuning.paceMs);
      }
    };
    return async (data, ctx) => {
      try {
        return await drain(data.channel, ctx);
      } catch (err) {
        if (err instanceof DelayedError) throw err;
        if (ctx.job.attemptsMade + 1 >= (ctx.job.opts.attempts ?? SEND_ATTEMPTS)) {
          await outbox
            .abandon(data.channel, String(ctx.job.id))
            .catch((e: unknown) =>
              ctx.log.error({ err: e, channel: data.channel }, 'could not hand the lane on'),
            );
        }
        throw err;
      }
    };
  },
});
