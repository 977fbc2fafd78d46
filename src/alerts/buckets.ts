import type { AlertSignal } from '../domain/alertSignal';
import type { Redis } from '../redis/client';
import { redisKeys } from '../redis/keys';

/**
 * Opens the bucket of (account, type) if none is open, appends the signals; atomic (one script).
 * KEYS[2] is the items prefix; the list `KEYS[2] .. bucket` is named inside the script (the bucket id
 * is read here) and carries the same hash tag, so in a cluster it lives in KEYS[1]'s slot.
 */
const PUSH = `
local b = redis.call('GET', KEYS[1])
local opened = 0
if not b then
  b = ARGV[1]
  redis.call('SET', KEYS[1], b, 'PX', ARGV[2])
  opened = 1
end
local items = KEYS[2] .. b
for i = 3, #ARGV do redis.call('RPUSH', items, ARGV[i]) end
redis.call('EXPIRE', items, 86400)
return {b, opened}`;

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

/**
 * Aggregation windows: signals of one account and type arriving within `windowMs` of the first one
 * are flushed together (one message). Because PUSH and DRAIN are single scripts, a signal lands either
 * in the bucket being flushed or in a new one: never lost between them.
 */
export class AlertBuckets {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(accountId: string, type: string): { open: string; items: string } {
    return redisKeys(this.prefix).aggregation(accountId, type);
  }

  async push(
    accountId: string,
    type: string,
    signals: AlertSignal[],
    windowMs: number,
    newId: string,
  ): Promise<{ bucketId: string; opened: boolean }> {
    const k = this.keys(accountId, type);
    const res = (await this.redis.eval(
      PUSH,
      2,
      k.open,
      k.items,
      newId,
      String(Math.max(1, windowMs)),
      ...signals.map((s) => JSON.stringify(s)),
    )) as [string, number];
    return { bucketId: res[0], opened: res[1] === 1 };
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
}
