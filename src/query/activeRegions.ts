import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { redisKeys } from '../redis/keys';
import { type ScanUnit, unitsOf } from './fanout';

/** How long a region's answer is trusted: `all` answers skip regions found empty within this time. */
export const PROBE_TTL_S = 30 * 60;

interface Probe {
  /** The configured regions probed (a config change re-probes). */
  probed: string[];
  active: string[];
}

/** The units a fleet-wide scan asks, and how to record what the discovering ones found. */
export interface ActiveUnits {
  units: ScanUnit[];
  /** Account-regions not asked: they held no instance when last asked. */
  skippedEmpty: number;
  /**
   * Records, for every account whose units were discovering, the regions that held instances (a region
   * whose scan failed or did not say is kept), for PROBE_TTL_S and every worker.
   */
  record(found: { unit: ScanUnit; holdsInstances?: boolean }[]): Promise<void>;
}

/**
 * The account-regions a fleet-wide (`all`) scan asks: per account, the configured regions that held
 * instances when last asked — kept in Redis for 30 minutes and shared by every worker. An account with
 * none on record (a fresh install, a changed region list, 30 minutes gone) has every region asked with
 * `discover` set: the scan's own first DescribeInstanceStatus tells whether the region holds instances
 * (src/aws/instanceStatus.ts `discoverInstanceStatus`), and `record` keeps that — no separate probe call.
 * A single account or a named region is always scanned in full and records nothing.
 */
export async function activeUnits(
  deps: Pick<Deps, 'redis' | 'keyPrefix'>,
  accounts: Account[],
  region: string | undefined,
): Promise<ActiveUnits> {
  if (region || accounts.length < 2)
    return { units: unitsOf(accounts, region), skippedEmpty: 0, record: async () => {} };
  const keys = redisKeys(deps.keyPrefix);
  const units: ScanUnit[] = [];
  let skippedEmpty = 0;
  // One GET per account, sent together (an MGET would cross hash slots in Redis Cluster).
  const known = await Promise.all(accounts.map((a) => recorded(deps, a)));
  accounts.forEach((account, n) => {
    const active = known[n];
    for (const r of account.regions) {
      if (!active) units.push({ account, region: r, discover: true });
      else if (active.has(r)) units.push({ account, region: r });
      else skippedEmpty += 1;
    }
  });
  const record = async (found: { unit: ScanUnit; holdsInstances?: boolean }[]): Promise<void> => {
    const empty = new Set(
      found
        .filter((f) => f.unit.discover && f.holdsInstances === false)
        .map((f) => `${f.unit.account.id}|${f.unit.region}`),
    );
    await Promise.all(
      accounts
        .filter((_, n) => !known[n])
        .map((account) => {
          const probed = wanted(account);
          const active = probed.filter((r) => !empty.has(`${account.id}|${r}`));
          return deps.redis.set(
            keys.activeRegions(account.id),
            JSON.stringify({ probed, active } satisfies Probe),
            'EX',
            PROBE_TTL_S,
          );
        }),
    );
  };
  return { units, skippedEmpty, record };
}

const wanted = (account: Account): string[] => [...account.regions].sort();

/** The regions on record for the account, if the record is for its current region list. */
async function recorded(
  deps: Pick<Deps, 'redis' | 'keyPrefix'>,
  account: Account,
): Promise<Set<string> | undefined> {
  const raw = await deps.redis.get(redisKeys(deps.keyPrefix).activeRegions(account.id));
  const cached = raw ? (JSON.parse(raw) as Probe) : undefined;
  return cached && cached.probed.join() === wanted(account).join() ? new Set(cached.active) : undefined;
}
