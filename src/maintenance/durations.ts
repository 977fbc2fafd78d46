import type { Redis } from '../redis/client';
import { redisKeys } from '../redis/keys';

/**
 * How long the bot's maintenance actions take, per account-region: the p90 of its own recent runs, kept
 * in Redis, or a default until there is history. The planner sizes waves with these (a wave is as long as
 * its longest action, plus `wave_gap_minutes`) instead of a fixed length.
 */
export type DurationKind = 'reboot' | 'stop-start' | 'standby';

const MIN = 60_000;

/** Until the bot has measured its own runs: reboot 3 min, stop + start 5 min, standby round trip +2 min. */
export const DEFAULT_DURATIONS: Record<DurationKind, number> = {
  reboot: 3 * MIN,
  'stop-start': 5 * MIN,
  standby: 2 * MIN,
};

/** Milliseconds one action of this kind is expected to take in this account-region. */
export type Durations = (account: string, region: string, kind: DurationKind) => number;

export const defaultDurations: Durations = (_a, _r, kind) => DEFAULT_DURATIONS[kind];

/** Runs kept per account-region and kind; fewer than MIN_RUNS: the default still applies. */
const KEEP = 50;
const MIN_RUNS = 3;

/** The p90 of a list of durations (nearest rank). */
export function p90(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)];
}

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
