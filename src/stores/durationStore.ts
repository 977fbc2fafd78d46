import { DEFAULT_DURATIONS, type DurationKind, type Durations, p90 } from '../planner/durations';
import type { Redis } from '../redis/client';
import { redisKeys } from '../redis/keys';

/** Runs kept per account-region and kind; fewer than MIN_RUNS: the default still applies. */
const KEEP = 50;
const MIN_RUNS = 3;

export class DurationStore {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  /** One finished run (ms); the newest KEEP per account-region and kind are kept. */
  async record(account: string, region: string, kind: DurationKind, ms: number): Promise<void> {
    if (!(ms > 0)) return;
    const key = this.keys.maintenanceDurations(account, region, kind);
    await this.redis.lpush(key, String(Math.round(ms)));
    await this.redis.ltrim(key, 0, KEEP - 1);
  }

  /** The estimates for these account-regions, read once (the planner is pure and synchronous). */
  async load(units: { account: string; region: string }[]): Promise<Durations> {
    const kinds = Object.keys(DEFAULT_DURATIONS) as DurationKind[];
    const table = new Map<string, number>();
    const seen = new Set<string>();
    for (const u of units) {
      for (const kind of kinds) {
        const id = `${u.account}|${u.region}|${kind}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const raw = await this.redis.lrange(this.keys.maintenanceDurations(u.account, u.region, kind), 0, -1);
        const runs = raw.map(Number).filter((n) => n > 0);
        const v = runs.length >= MIN_RUNS ? p90(runs) : undefined;
        if (v !== undefined) table.set(id, v);
      }
    }
    return (account, region, kind) => table.get(`${account}|${region}|${kind}`) ?? DEFAULT_DURATIONS[kind];
  }
}
