import { randomBytes } from 'node:crypto';
import type { AlertSignal } from '../domain/alertSignal';
import type { Redis } from '../redis/client';
import { redisKeys } from '../redis/keys';

/**
 * Opens the bucket of (account, type) if none is open, appends the signals; atomic (one script).
 * KEYS[2] is the items prefix; the list `KEYS[2] .. bucket` is named inside the script (the bucket id
 * is read here) and carries the same hash tag, so in a cluster it lives in KEYS[1]'s slot. A bucket
 * opened while the window is not hot (KEYS[3]) is the window's first: it marks the window hot and is
 * flushed at once; a later one is flushed after a short batch (returned as `batched` = 1).
 */
const PUSH = `
local b = redis.call('GET', KEYS[1])
local opened = 0
local batched = 0
if not b then
  b = ARGV[1]
  redis.call('SET', KEYS[1], b, 'PX', ARGV[2])
  opened = 1
  if redis.call('SET', KEYS[3], b, 'NX', 'PX', ARGV[2]) then batched = 0 else batched = 1 end
end
local items = KEYS[2] .. b
for i = 3, #ARGV do redis.call('RPUSH', items, ARGV[i]) end
redis.call('EXPIRE', items, 86400)
return {b, opened, batched}`;

/**
 * Closes the bucket (later signals open a new one) and takes its signals into a `taken` list that
 * stays until the flush succeeds: a retried flush gets the same signals again. Atomic with PUSH.
 */
const DRAIN = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
if redis.call('EXISTS', KEYS[3]) == 0 and redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('RENAME', KEYS[2], KEYS[3])
  redis.call('EXPIRE', KEYS[3], 86400)
end
return redis.call('LRANGE', KEYS[3], 0, -1)`;

/** Releases a lock only if it is still ours. */
const UNLOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * Aggregation windows of one account and type. The first signal of a window is flushed at once (its
 * alert posts as soon as the worker has it); signals arriving later in the window (`windowMs`) are
 * flushed in batches and join that alert's message. Because PUSH and DRAIN are single scripts, a
 * signal lands either in the bucket being flushed or in a new one: never lost between them.
 */
export class AlertBuckets {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(accountId: string, type: string) {
    return redisKeys(this.prefix).aggregation(accountId, type);
  }

  async push(
    accountId: string,
    type: string,
    signals: AlertSignal[],
    windowMs: number,
    newId: string,
  ): Promise<{ bucketId: string; opened: boolean; batched: boolean }> {
    const k = this.keys(accountId, type);
    const res = (await this.redis.eval(
      PUSH,
      3,
      k.open,
      k.items,
      k.hot,
      newId,
      String(Math.max(1, windowMs)),
      ...signals.map((s) => JSON.stringify(s)),
    )) as [string, number, number];
    return { bucketId: res[0], opened: res[1] === 1, batched: res[2] === 1 };
  }

  async drain(accountId: string, type: string, bucketId: string): Promise<AlertSignal[]> {
    const k = this.keys(accountId, type);
    const items = k.items + bucketId;
    const raw = (await this.redis.eval(DRAIN, 3, k.open, items, `${items}:taken`, bucketId)) as string[];
    return raw.map((r) => JSON.parse(r) as AlertSignal);
  }

  /** The flush of this bucket succeeded: its signals are done with. */
  async done(accountId: string, type: string, bucketId: string): Promise<void> {
    await this.redis.del(`${this.keys(accountId, type).items}${bucketId}:taken`);
  }

  /**
   * Runs `fn` as the only flush of (account, type) (a slow instance lookup in one flush must not let a
   * second one open a second message for the same destination). Waits up to ~30 s; the lock expires
   * by itself if a holder dies.
   */
  async exclusive<T>(accountId: string, type: string, fn: () => Promise<T>): Promise<T> {
    const key = this.keys(accountId, type).lock;
    const token = randomBytes(6).toString('hex');
    for (let i = 0; (await this.redis.set(key, token, 'PX', 30_000, 'NX')) !== 'OK'; i++) {
      if (i >= 600) throw new Error(`alert window ${accountId}/${type} is locked`);
      await new Promise((r) => setTimeout(r, 50));
    }
    try {
      return await fn();
    } finally {
      await this.redis.eval(UNLOCK, 1, key, token);
    }
  }

  /** The living alert of a destination channel in the current window, if any. */
  async living(accountId: string, type: string, channel: string): Promise<string | null> {
    return this.redis.get(this.keys(accountId, type).living + channel);
  }

  /** A new alert lives for `windowMs`: events of its destination arriving until then join it. */
  async setLiving(accountId: string, type: string, channel: string, id: string, windowMs: number) {
    await this.redis.set(this.keys(accountId, type).living + channel, id, 'PX', Math.max(1, windowMs));
  }
}
