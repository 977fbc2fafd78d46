import type { EventsQueue, QueueMessage } from '../aws/eventsQueue';
import type { Deps } from '../deps';
import { redisKeys } from '../redis/keys';

/** What the ingest said about one body: 2xx = handled for good (delete it), else not handled. */
export interface IngestAnswer {
  status: number;
  body: Record<string, unknown>;
}

export type IngestBody = (raw: string, bytes: number) => Promise<IngestAnswer>;

export interface IntakeOptions {
  /** Receive loops run side by side (AWS_EVENTS_QUEUE_POLLERS, default 4): each holds ≤ 10 messages. */
  pollers?: number;
  /** Long poll: SQS's maximum, 20 s (fewer empty receives, less cost). */
  waitSeconds?: number;
  /** Visibility set on receive and renewed every third of it while a message is still being worked on. */
  visibilitySeconds?: number;
}

/** An event id kept this long: longer than any SQS retention-to-DLQ cycle a duplicate could come from. */
const SEEN_TTL_S = 24 * 3600;

interface Handled {
  m: QueueMessage;
  outcome: string;
}
const MAX_BACKOFF_MS = 20_000;

/**
 * The id a redelivered copy shares with the first: an EventBridge event's `id` (a duplicate delivery
 * of one event keeps it), or `sns:<MessageId>` for an SNS envelope. None for other bodies (a raw SNS
 * alarm notification): the alert pipeline's own dedupe keys still catch those.
 */
export function deliveryId(raw: string): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.Type === 'string' && typeof o.MessageId === 'string' && typeof o.Signature === 'string')
    return `sns:${o.MessageId}`.slice(0, 200);
  if (typeof o.id === 'string' && typeof o.source === 'string') return `eb:${o.id}`.slice(0, 200);
  return undefined;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/**
 * AWS events from an SQS queue (AWS_EVENTS_QUEUE_URL): long-polls, hands each body to the same ingest
 * as POST /webhooks/aws, and deletes a message only once its `alerts` enqueue resolved. A message the
 * ingest refuses (not JSON, bad SNS signature, Redis down) is left alone: it comes back after its
 * visibility timeout and the queue's redrive policy moves it to the DLQ after maxReceiveCount receives.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 */
export class SqsIntake {
  private readonly abort = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private readonly opts: Required<IntakeOptions>;

  constructor(
    private readonly queue: EventsQueue,
    private readonly ingest: IngestBody,
    private readonly deps: Pick<Deps, 'log' | 'metrics' | 'redis' | 'keyPrefix'>,
    opts: IntakeOptions = {},
  ) {
    this.opts = { pollers: 4, waitSeconds: 20, visibilitySeconds: 30, ...opts };
  }

  start(): void {
    this.deps.log.info(
      { queue: this.queue.url, pollers: this.opts.pollers },
      'intake: polling SQS for AWS events',
    );
    for (let i = 0; i < this.opts.pollers; i++) this.loops.push(this.poll());
  }

  /** Stops receiving (an open long poll is cancelled) and waits for messages in hand to be handled. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
    await Promise.allSettled([...this.pending]);
    this.queue.destroy();
  }

  private async poll(): Promise<void> {
    const { signal } = this.abort;
    let backoff = 0;
    while (!signal.aborted) {
      let messages: QueueMessage[];
      try {
        messages = await this.queue.receive({
          max: 10,
          waitSeconds: this.opts.waitSeconds,
          visibilitySeconds: this.opts.visibilitySeconds,
          signal,
        });
        backoff = 0;
      } catch (err) {
        if (signal.aborted) break;
        backoff = Math.min(MAX_BACKOFF_MS, backoff ? backoff * 2 : 500);
        this.deps.metrics.intakeErrors.inc({ call: 'receive' });
        this.deps.log.warn(
          { err: { name: (err as Error).name, message: (err as Error).message }, retryInMs: backoff },
          'intake: ReceiveMessage failed',
        );
        await sleep(backoff, signal);
        continue;
      }
      this.observe(messages);
      if (messages.length) await this.work(messages);
    }
  }

  private observe(messages: QueueMessage[]): void {
    const { metrics } = this.deps;
    metrics.intakeReceived.inc(messages.length);
    const oldest = Math.min(...messages.map((m) => m.sentAt));
    metrics.intakeOldestAge.set(messages.length ? Math.max(0, (Date.now() - oldest) / 1000) : 0);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    return p.finally(() => this.pending.delete(p));
  }

  /**
   * One receive's messages, side by side, visibility renewed for those still in hand. Resolves once
   * each is handled; the delete of the handled ones goes on in the background (tracked by stop()), so
   * the loop's next receive does not wait for it.
   */
  private async work(messages: QueueMessage[]): Promise<void> {
    const inHand = new Set(messages);
    const every = (this.opts.visibilitySeconds * 1000) / 3;
    const renew = setInterval(() => {
      if (!inHand.size) return;
      this.queue.extend([...inHand], this.opts.visibilitySeconds).catch((err: Error) => {
        this.deps.metrics.intakeErrors.inc({ call: 'extend' });
        this.deps.log.warn(
          { err: { name: err.name, message: err.message } },
          'intake: visibility not extended',
        );
      });
    }, every);
    try {
      const done: Handled[] = [];
      await Promise.all(
        messages.map(async (m) => {
          const outcome = await this.one(m);
          if (outcome) done.push({ m, outcome });
          inHand.delete(m);
        }),
      );
      if (done.length) void this.track(this.remove(done));
    } finally {
      clearInterval(renew);
    }
  }

  private async remove(done: Handled[]): Promise<void> {
    try {
      const refused = new Set(await this.queue.delete(done.map((d) => d.m)));
      for (const d of done)
        if (!refused.has(d.m.id)) this.deps.metrics.intakeDeleted.inc({ outcome: d.outcome });
      if (refused.size)
        this.deps.log.warn(
          { messages: [...refused] },
          'intake: SQS refused to delete (they come back; the event id dedupes them)',
        );
    } catch (err) {
      this.deps.metrics.intakeErrors.inc({ call: 'delete' });
      this.deps.log.warn(
        { err: { name: (err as Error).name, message: (err as Error).message }, messages: done.length },
        'intake: DeleteMessageBatch failed (they come back; the event id dedupes them)',
      );
    }
  }

  /**
   * Claims the event id (SET NX, "pending"), so copies of one event in flight at once are handled once:
   * a copy that finds "done" is a duplicate (deleted), one that finds "pending" is left to come back
   * after its visibility timeout. The claim outlives two visibility timeouts if this process dies, and is
   * dropped when the ingest fails, so a failure never makes the event look seen.
   */
  private async claim(key: string): Promise<'mine' | 'done' | 'pending'> {
    const { redis } = this.deps;
    const ok = await redis.set(key, 'pending', 'EX', this.opts.visibilitySeconds * 2, 'NX');
    if (ok) return 'mine';
    return (await redis.get(key)) === 'done' ? 'done' : 'pending';
  }

  /** Handles one message: how it was handled for good (delete it), or undefined (leave it). */
  private async one(m: QueueMessage): Promise<string | undefined> {
    const { metrics, redis, keyPrefix, log } = this.deps;
    const id = deliveryId(m.body);
    const seenKey = id ? redisKeys(keyPrefix).intakeSeen(id) : undefined;
    let claimed = false;
    try {
      if (seenKey) {
        const claim = await this.claim(seenKey);
        if (claim === 'done') return 'duplicate';
        if (claim === 'pending') return undefined;
        claimed = true;
      }
      const answer = await this.ingest(m.body, Buffer.byteLength(m.body));
      if (answer.status >= 300) {
        if (claimed && seenKey) await redis.del(seenKey);
        metrics.intakeFailed.inc({ reason: String(answer.status) });
        log.warn(
          { messageId: m.id, receiveCount: m.receiveCount, status: answer.status, error: answer.body.error },
          'intake: message not handled; left on the queue (the redrive policy moves it to the DLQ after maxReceiveCount receives)',
        );
        return undefined;
      }
      if (seenKey) await redis.set(seenKey, 'done', 'EX', SEEN_TTL_S);
      return String(answer.body.status ?? 'queued');
    } catch (err) {
      if (claimed && seenKey) await redis.del(seenKey).catch(() => 0);
      metrics.intakeFailed.inc({ reason: 'enqueue' });
      log.error(
        {
          messageId: m.id,
          receiveCount: m.receiveCount,
          err: { name: (err as Error).name, message: (err as Error).message },
        },
        'intake: could not enqueue; the message comes back after its visibility timeout',
      );
      return undefined;
    }
  }
}
