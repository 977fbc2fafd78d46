import { emptyStanding, type StandingRecord } from '../planner/standingRecord';
import type { Redis } from '../redis/client';
import { type RedisKeys, redisKeys } from '../redis/keys';

/** The standing plans in Redis. Only the account's sweep writes (under its lock), so a plain GET/SET. */
const KEEP_S = 30 * 24 * 3600;

export class StandingStore {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  async get(account: string): Promise<StandingRecord | undefined> {
    const raw = await this.redis.get(this.keys.standing(account));
    return raw ? { ...emptyStanding(account), ...(JSON.parse(raw) as StandingRecord) } : undefined;
  }

  async put(r: StandingRecord): Promise<void> {
    await this.redis.set(this.keys.standing(r.account), JSON.stringify(r), 'EX', KEEP_S);
  }

  /** One sweep of an account at a time (the scheduler and a webhook may start two). */
  async lock(account: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.standingLock(account), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async unlock(account: string): Promise<void> {
    await this.redis.del(this.keys.standingLock(account));
  }

  /** True at most once per `ttlS` per account: the approvers' mention. */
  async mentionDue(account: string, ttlS: number): Promise<boolean> {
    return (await this.redis.set(this.keys.standingMention(account), '1', 'EX', ttlS, 'NX')) === 'OK';
  }
}
