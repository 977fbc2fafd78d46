import type { Deps } from '../deps';
import { redisKeys } from '../redisKeys';

/** Webhook and alert outcomes that are not errors but must be visible: unknown types, replays, drops. */
export type AlertCounter =
  | 'received'
  | 'posted'
  | 'updated'
  | 'unknown-type'
  | 'unknown-account'
  | 'ignored'
  | 'replay'
  | 'rejected-token'
  | 'rejected-sns'
  | 'slack-rate-limited'
  | 'slack-dropped';

export type AlertCounterName = AlertCounter | `ignored:${string}`;

export const countersKey = (prefix: string): string => redisKeys(prefix).alertCounts();

/** Shared by every web and worker process (a Redis hash), so a scrape sees the fleet's totals. */
export async function countAlert(
  deps: Pick<Deps, 'redis' | 'keyPrefix'>,
  what: AlertCounterName,
  by = 1,
): Promise<void> {
  await deps.redis.hincrby(countersKey(deps.keyPrefix), what, by);
}

export async function readAlertCounters(
  deps: Pick<Deps, 'redis' | 'keyPrefix'>,
): Promise<Record<string, number>> {
  const raw = await deps.redis.hgetall(countersKey(deps.keyPrefix));
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
}
