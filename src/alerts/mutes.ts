import type { Mute } from '../config/types';
import type { Deps } from '../deps';
import type { Alert } from '../domain/alert';
import { muteKey } from '../domain/alertRules';
import { redisKeys } from '../redis/keys';
import { countAlert } from './counters';

/** How many held alerts `/ec2 mutes` can list (the newest). */
const KEEP = 50;

/** One alert a mute rule held: what, where, which instances, when. */
export interface MutedAlert {
  at: string;
  account: string;
  type: string;
  instances: string[];
  rule: Mute;
}

/**
 * Alerts held by mute rules, shared by every process: counted per rule (a hash) and in the alert
 * counters (`ec2bot_alerts_total{stage="muted"}`), the newest kept in a capped list.
 */
export class MuteLog {
  private readonly keys;

  constructor(private readonly deps: Pick<Deps, 'redis' | 'keyPrefix'>) {
    this.keys = redisKeys(deps.keyPrefix).mutes();
  }

  async record(a: Alert, rule: Mute, at: Date): Promise<void> {
    const entry: MutedAlert = {
      at: at.toISOString(),
      account: a.account,
      type: a.type,
      instances: a.entities.flatMap((e) => (e.instanceId ? [e.instanceId] : [])).slice(0, 20),
      rule,
    };
    await this.deps.redis
      .multi()
      .lpush(this.keys.recent, JSON.stringify(entry))
      .ltrim(this.keys.recent, 0, KEEP - 1)
      .hincrby(this.keys.counts, muteKey(a.account, rule), 1)
      .exec();
    await countAlert(this.deps, 'muted');
  }

  async read(): Promise<{ recent: MutedAlert[]; counts: Record<string, number> }> {
    const [recent, counts] = await Promise.all([
      this.deps.redis.lrange(this.keys.recent, 0, KEEP - 1),
      this.deps.redis.hgetall(this.keys.counts),
    ]);
    return {
      recent: recent.map((r) => JSON.parse(r) as MutedAlert),
      counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])),
    };
  }
}
