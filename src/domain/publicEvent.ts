import type { AlertSignal } from './alertSignal';

export interface ManagedAccount {
  id: string;
  regions: readonly string[];
}

/**
 * A public (region-wide) Health event as one notice per account the bot manages in that region. Each
 * copy has its own entity and dedupe keys, so the same public event delivered again through another
 * account's rule (or AWS's backup region) changes nothing. `global` events reach every account. Pure.
 */
export function expandPublicSignal(s: AlertSignal, accounts: readonly ManagedAccount[]): AlertSignal[] {
  return accounts
    .filter((a) => s.region === 'global' || a.regions.includes(s.region))
    .map((a) => ({
      ...s,
      accountId: a.id,
      entityKey: `${s.entityKey}|${a.id}`,
      dedupeKey: `${s.dedupeKey}|${a.id}`,
    }));
}
