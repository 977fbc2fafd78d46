import { randomBytes } from 'node:crypto';
import type { PlanRecord } from '../planner/record';
import type { Redis } from '../redis/client';
import { type RedisKeys, redisKeys } from '../redis/keys';

/**
 * - `proposed`: waiting for each account's approval; `approved`: approved, first wave not started yet;
 * - `running`: a wave is in flight or waiting for its window; `paused`: a wave failed (Retry / Skip / Abort);
 * - `done`, `cancelled`, `superseded` (a newer plan for the same target was proposed before approval).
 */
const KEEP_S = 30 * 24 * 3600;

/** SET the record only if its `rev` is still ARGV[1]. */
const CAS = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local rev = cjson.decode(raw).rev or 0
if tostring(rev) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
`;

/** Maintenance plans in Redis: the record, the newest plan per target, and the recent ones. */
export class PlanStore {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  static newId(): string {
    return `mp-${randomBytes(9).toString('base64url')}`;
  }

  async get(id: string): Promise<PlanRecord | undefined> {
    if (!/^mp-[\w-]{8,40}$/.test(id)) return undefined;
    const raw = await this.redis.get(this.keys.maintenancePlan(id));
    return raw ? (JSON.parse(raw) as PlanRecord) : undefined;
  }

  async put(r: PlanRecord): Promise<void> {
    await this.redis.set(this.keys.maintenancePlan(r.id), JSON.stringify(r), 'EX', KEEP_S);
  }

  /** The newest plan for a target (what a new plan is diffed against). */
  async last(target: string): Promise<PlanRecord | undefined> {
    const id = await this.redis.get(this.keys.maintenanceLast(target));
    return id ? this.get(id) : undefined;
  }

  /** Saves a new plan as the newest for its target and returns the one it replaces. */
  async propose(r: PlanRecord, now: Date): Promise<PlanRecord | undefined> {
    const lastId = await this.redis.get(this.keys.maintenanceLast(r.target));
    const last = lastId ? await this.get(lastId) : undefined;
    await this.put(r);
    await this.redis.set(this.keys.maintenanceLast(r.target), r.id, 'EX', KEEP_S);
    await this.redis.zadd(this.keys.maintenancePlans(), now.getTime(), r.id);
    await this.redis.zremrangebyrank(this.keys.maintenancePlans(), 0, -201);
    if (last?.state === 'proposed') await this.put({ ...last, state: 'superseded' });
    return last;
  }

  /**
   * Read-modify-write with a compare-and-set on `rev` (one script on the one key): a web click and a
   * worker job never overwrite each other's change. `change` returns undefined to leave it as it is.
   */
  async update(
    id: string,
    change: (r: PlanRecord) => PlanRecord | undefined,
  ): Promise<PlanRecord | undefined> {
    const key = this.keys.maintenancePlan(id);
    for (let tries = 0; tries < 20; tries++) {
      const cur = await this.get(id);
      if (!cur) return undefined;
      const next = change(cur);
      if (!next) return cur;
      const saved = { ...next, rev: (cur.rev ?? 0) + 1 };
      const ok = await this.redis.eval(
        CAS,
        1,
        key,
        String(cur.rev ?? 0),
        JSON.stringify(saved),
        String(KEEP_S),
      );
      if (ok === 1) return saved;
    }
    throw new Error(`maintenance plan ${id}: too many concurrent updates`);
  }

  /** Newest first. */
  async recent(count = 20): Promise<PlanRecord[]> {
    const ids = await this.redis.zrevrange(this.keys.maintenancePlans(), 0, count - 1);
    const out = await Promise.all(ids.map((id) => this.get(id)));
    return out.filter((r): r is PlanRecord => !!r);
  }
}
