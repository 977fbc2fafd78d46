import { randomBytes } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import type { Deps } from '../deps';
import { ALERT_SEND } from '../jobs/alertSend';
import { QUEUE } from '../jobs/queues';
import { redisKeys } from '../redis/keys';
import type { AlertStore } from '../stores/alertStore';

/** What an alert wants said in a channel. Posts and updates render the alert as it is at send time. */
export type OutboxItem =
  | { t: 'post'; alertId: string }
  | { t: 'update'; alertId: string }
  /** The next instances of the alert its thread has not listed yet ("Instances 401–800 of 1200"). */
  | { t: 'list'; alertId: string }
  | { t: 'reply'; alertId: string; text: string; blocks?: KnownBlock[] }
  | { t: 'digest'; account: string; alertIds: string[] }
  | { t: 'message'; text: string; blocks?: KnownBlock[] };

const FLAG_TTL_S = 600;
/** A drainer job's own retries (a Redis blip between items); after the last one the lane is handed on. */
export const SEND_ATTEMPTS = 5;

/** Appends; claims the lane for a new drainer when none holds it (SET NX in the same script). */
const PUSH = `
for i = 3, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'EX', ARGV[1]) then return {1, ARGV[2]} end
return {0, redis.call('GET', KEYS[2]) or ''}`;

/** Hands the lane from a drainer that is gone to a new one, unless someone else already did. */
const TAKEOVER = `
local cur = redis.call('GET', KEYS[1])
if cur and cur ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;

/** The drainer stops only when the lane is empty at that instant (else it keeps going). */
const RELEASE = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 1 end
if redis.call('LLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[2]) return 1 end
return 0`;

const DEAD_STATES = new Set(['failed', 'completed', 'unknown']);

/**
 * One FIFO lane per Slack channel, drained by one `alert-send` job at a time (its id is the lane's
 * flag). The drainer sends one item, then parks itself as a delayed job until the channel's pace
 * allows the next (≤ 1 call/s); a 429 or a Slack outage parks only that channel's drainer.
 *
 * A lane never waits on a drainer that is gone: a push that finds the flag held by a job that failed
 * for good (or vanished) starts a new drainer at once, and a drainer that fails for good hands its lane
 * on itself (`abandon`). The flag's TTL is only the last resort.
 */
export class AlertOutbox {
  constructor(private readonly deps: Pick<Deps, 'redis' | 'queues' | 'keyPrefix' | 'log'>) {}

  private laneKey(channel: string): string {
    return redisKeys(this.deps.keyPrefix).outbox(channel).lane;
  }
  private flagKey(channel: string): string {
    return redisKeys(this.deps.keyPrefix).outbox(channel).drainer;
  }
  private paceKey(channel: string): string {
    return redisKeys(this.deps.keyPrefix).outbox(channel).pace;
  }

  private static drainerId(channel: string): string {
    return `send-${channel}-${Date.now()}-${randomBytes(3).toString('hex')}`;
  }

  async push(channel: string, ...items: OutboxItem[]): Promise<void> {
    if (items.length === 0) return;
    const id = AlertOutbox.drainerId(channel);
    const [started, holder] = (await this.deps.redis.eval(
      PUSH,
      2,
      this.laneKey(channel),
      this.flagKey(channel),
      String(FLAG_TTL_S),
      id,
      ...items.map((i) => JSON.stringify(i)),
    )) as [number, string];
    if (started === 1) await this.startDrainer(channel, id);
    else await this.ensureDrainer(channel, holder);
  }

  /**
   * Queues a refresh of an alert's message or thread list unless one already waits in the lane (it
   * renders the alert as it is when sent): a storm of changes is one Slack call per pace interval.
   */
  async refresh(store: AlertStore, channel: string, alertId: string, what: 'update' | 'list'): Promise<void> {
    if (!(await store.queueRefresh(alertId, what))) return;
    try {
      await this.push(channel, { t: what, alertId });
    } catch (err) {
      await store.takeRefresh(alertId, what).catch(() => {});
      throw err;
    }
  }

  /** The flag names a drainer: if that job failed for good or is gone, a new one takes the lane. */
  private async ensureDrainer(channel: string, holder: string): Promise<void> {
    const job = holder ? await this.deps.queues.get(QUEUE.alerts).getJob(holder) : undefined;
    const state = job ? await job.getState() : 'unknown';
    if (!DEAD_STATES.has(state)) return;
    const id = AlertOutbox.drainerId(channel);
    const took = await this.deps.redis.eval(
      TAKEOVER,
      1,
      this.flagKey(channel),
      holder,
      id,
      String(FLAG_TTL_S),
    );
    if (took !== 1) return;
    this.deps.log.warn({ channel, holder, state }, 'alert outbox: drainer gone; a new one takes the lane');
    await this.startDrainer(channel, id);
  }

  private async startDrainer(channel: string, id: string): Promise<void> {
    await this.deps.queues.enqueue(
      ALERT_SEND,
      { correlationId: `send-${randomBytes(4).toString('hex')}`, channel },
      {
        jobId: id,
        removeOnComplete: true,
        removeOnFail: { count: 200 },
        attempts: SEND_ATTEMPTS,
        backoff: { type: 'exponential', delay: 500 },
      },
    );
  }

  /** The head item as stored (the drainer parses it: a corrupt one is dropped, not fatal). */
  async peekRaw(channel: string): Promise<string | null> {
    return this.deps.redis.lindex(this.laneKey(channel), 0);
  }

  async peek(channel: string): Promise<OutboxItem | undefined> {
    const raw = await this.peekRaw(channel);
    return raw ? (JSON.parse(raw) as OutboxItem) : undefined;
  }

  async pop(channel: string): Promise<void> {
    await this.deps.redis.lpop(this.laneKey(channel));
  }

  /** Whether `drainerId` still holds the lane (another drainer may have taken it over). */
  async owns(channel: string, drainerId: string): Promise<boolean> {
    return (await this.deps.redis.get(this.flagKey(channel))) === drainerId;
  }

  /** True when the lane was empty (or no longer ours) and the drainer may stop. */
  async release(channel: string, drainerId: string): Promise<boolean> {
    return (
      (await this.deps.redis.eval(RELEASE, 2, this.laneKey(channel), this.flagKey(channel), drainerId)) === 1
    );
  }

  /** A drainer that failed for good: give up the lane and, if items wait, start a new drainer. */
  async abandon(channel: string, drainerId: string): Promise<void> {
    const id = AlertOutbox.drainerId(channel);
    const took = await this.deps.redis.eval(
      TAKEOVER,
      1,
      this.flagKey(channel),
      drainerId,
      id,
      String(FLAG_TTL_S),
    );
    if (took !== 1) return;
    if ((await this.length(channel)) > 0) await this.startDrainer(channel, id);
    else await this.release(channel, id);
  }

  async touch(channel: string, seconds = FLAG_TTL_S): Promise<void> {
    await this.deps.redis.expire(this.flagKey(channel), Math.max(FLAG_TTL_S, Math.ceil(seconds)));
  }

  /** Milliseconds until the channel may be called again (0 = now). */
  async paceWait(channel: string): Promise<number> {
    return Math.max(0, await this.deps.redis.pttl(this.paceKey(channel)));
  }

  async pace(channel: string, ms: number): Promise<void> {
    if (ms > 0) await this.deps.redis.set(this.paceKey(channel), '1', 'PX', Math.ceil(ms));
  }

  async length(channel: string): Promise<number> {
    return this.deps.redis.llen(this.laneKey(channel));
  }
}
