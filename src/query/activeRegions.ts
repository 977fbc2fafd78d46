import type { Actor } from '../aws/clients';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { redisKeys } from '../redis/keys';
import { type ScanUnit, unitsOf } from './fanout';

/** How long a region probe is trusted: `all` answers skip regions found empty within this time. */
export const PROBE_TTL_S = 30 * 60;

interface Probe {
  /** The configured regions probed (a config change re-probes). */
  probed: string[];
  active: string[];
}

/**
 * The account-regions a fleet-wide (`all`) scan asks: per account, the configured regions that held
 * instances at the last probe — one DescribeInstances of ≤ 5 per region, kept in Redis for 30 minutes
 * and shared by every worker. A region whose probe fails is kept (its scan then reports the failure).
 * A single account or a named region is always scanned in full. Returns the units and how many
 * account-regions were skipped as empty.
 */
export async function activeUnits(
  deps: Pick<Deps, 'ec2Port' | 'redis' | 'keyPrefix'>,
  accounts: Account[],
  region: string | undefined,
  actor: Actor,
): Promise<{ units: ScanUnit[]; skippedEmpty: number }> {
  if (region || accounts.length < 2) return { units: unitsOf(accounts, region), skippedEmpty: 0 };
  const units: ScanUnit[] = [];
  let skippedEmpty = 0;
  await Promise.all(
    accounts.map(async (account) => {
      const active = await activeRegions(deps, account, actor);
      for (const r of account.regions) {
        if (active.has(r)) units.push({ account, region: r });
        else skippedEmpty += 1;
      }
    }),
  );
  return { units, skippedEmpty };
}

async function activeRegions(
  deps: Pick<Deps, 'ec2Port' | 'redis' | 'keyPrefix'>,
  account: Account,
  actor: Actor,
): Promise<Set<string>> {
  const key = redisKeys(deps.keyPrefix).activeRegions(account.id);
  const wanted = [...account.regions].sort();
  const raw = await deps.redis.get(key);
  const cached = raw ? (JSON.parse(raw) as Probe) : undefined;
  if (cached && cached.probed.join() === wanted.join()) return new Set(cached.active);
  const found = await Promise.all(
    wanted.map(async (r) => {
      try {
        return (await deps.ec2Port(account, r, actor).hasInstances()) ? r : undefined;
      } catch {
        return r;
      }
    }),
  );
  const active = found.filter((r): r is string => !!r);
  await deps.redis.set(key, JSON.stringify({ probed: wanted, active } satisfies Probe), 'EX', PROBE_TTL_S);
  return new Set(active);
}
