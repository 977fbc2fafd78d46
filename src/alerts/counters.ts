import type { Deps } from '../deps';
import { redisKeys } from '../redis/keys';

/** Webhook and alert outcomes that are not errors but must be visible: unknown types, replays, drops. */
export type AlertCounter =
  | 'received'
  | 'posted'
  | 'updated'
  | 'muted'
  | 'unknown-type'
  | 'unknown-account'
  | 'ignored'
  | 'replay'
  | 'rejected-token'
  | 'rejected-sns'
  | 'rejected-too-deep'
  | 'rejected-malformed'
  | 'slack-rate-limited'
  | 'slack-dropped'
  | 'slack-retry'
  | 'slack-gave-up'
  | 'send-failed'
  | 'pager-sent'
  | 'pager-failed'
  | 'pager-gave-up';

export type AlertCounterName = AlertCounter | `ignored:${string}` | `unhandled:${string}`;

export const countersKey = (prefix: string): string => redisKeys(prefix).alertCounts();

/** Shared by every web and worker process (a Redis hash), so a scrape sees the fleet's totals. */
export async function countAlert(
  deps: Pick<Deps, 'redis' | 'keyPrefix'>,
  what: AlertCounterName,
  by = 1,
): Promise<number> {
  return deps.redis.hincrby(countersKey(deps.keyPrefix), what, by);
}

/** A metric label made of AWS-supplied text: printable, bounded. */
const label = (s: string): string => s.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);

/**
 * A delivery the bot does not handle: counted by its type (`source|detail-type`, shown in /metrics as
 * ec2bot_webhook_unhandled) and logged at info the first time the fleet sees that type — never
 * silently discarded, never a log line per delivery.
 */
export async function countUnhandled(
  deps: Pick<Deps, 'redis' | 'keyPrefix' | 'log'>,
  type: string,
  via: string,
): Promise<void> {
  await countAlert(deps, 'unknown-type');
  const n = await countAlert(deps, `unhandled:${label(type)}`);
  if (n === 1)
    deps.log.info(
      { via, type: label(type) },
      'webhook: a delivery type the bot does not handle (counted in /metrics)',
    );
}

export async function readAlertCounters(
  deps: Pick<Deps, 'redis' | 'keyPrefix'>,
): Promise<Record<string, number>> {
  const raw = await deps.redis.hgetall(countersKey(deps.keyPrefix));
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
}
