import { randomBytes } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import type { Deps } from '../deps';
import { QUEUE } from '../queues';
import { redisKeys } from '../redisKeys';

/** What an alert wants said in a channel. Posts and updates render the alert as it is at send time. */
export type OutboxItem =
  | { t: 'post'; alertId: string }
  | { t: 'update'; alertId: string }
  | { t: 'reply'; alertId: string; text: string; blocks?: KnownBlock[] }
  | { t: 'digest'; account: string; alertIds: string[] }
  | { t: 'message'; text: string; blocks?: KnownBlock[] };

export const SEND_JOB = 'alert-send';
const FLAG_TTL_S = 600;

/** Appends; starts a drainer when none runs (the flag is set NX in the same script). */
const PUSH = `
for i = 2, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then return 1 end
return 0`;

/** The drainer stops only when the lane is empty at that instant (else it keeps going). */
const RELEASE = `
if redis.call('LLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[2]) return 1 end
return 0`;

/**
 * One FIFO lane per Slack channel, drained by one `alert-send` job at a time. The drainer sends one
 * item, then parks itself as a delayed job until the channel's pace allows the next (≤ 1 call/s); a
 * Slack 429 parks only that channel's drainer for Retry-After. Other channels have their own lanes.
 */
export class AlertOutbox {
  constructor(private readonly deps: Pick<Deps, 'redis' | 'queues' | 'keyPrefix'>) {}

  private laneKey(channel: string): string {
    return redisKeys(this.deps.keyPrefix).outbox(channel).lane;
  }
  private flagKey(channel: string): string {
    return redisKeys(this.deps.keyPrefix).outbox(channel).drainer;
  }
  private paceKey(channel: string): string {
    return redisKeys(this.deps.keyPrefix).outbox(channel).pace;
  }

  async push(channel: string, ...items: OutboxItem[]): Promise<void> {
    if (items.length === 0) return;
    const started = await this.deps.redis.eval(
      PUSH,
      2,
      this.laneKey(channel),
      this.flagKey(channel),
      String(FLAG_TTL_S),
      ...items.map((i) => JSON.stringify(i)),
    );
    if (started === 1) {
      await this.deps.queues.add(
        QUEUE.alerts,
        SEND_JOB,
        { correlationId: `send-${randomBytes(4).toString('hex')}`, channel },
        {
          jobId: `send-${channel}-${Date.now()}-${randomBytes(3).toString('hex')}`,
          removeOnComplete: true,
          attempts: 3,
        },
      );
    }
  }

  async peek(channel: string): Promise<OutboxItem | undefined> {
    const raw = await this.deps.redis.lindex(this.laneKey(channel), 0);
    return raw ? (JSON.parse(raw) as OutboxItem) : undefined;
  }

  async pop(channel: string): Promise<void> {
    await this.deps.redis.lpop(this.laneKey(channel));
  }

  /** True when the lane was empty and the drainer may stop. */
  async release(channel: string): Promise<boolean> {
    return (await this.deps.redis.eval(RELEASE, 2, this.laneKey(channel), this.flagKey(channel))) === 1;
  }

  async touch(channel: string): Promise<void> {
    await this.deps.redis.expire(this.flagKey(channel), FLAG_TTL_S);
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
