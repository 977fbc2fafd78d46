import type { Account } from '../config/types';
import type { ScanUnit } from './fanout';

/** A fan-out so far: accounts whose every account-region settled, and the items found in them. */
export interface AccountsProgress<I> {
  done: number;
  total: number;
  items: I[];
}

/**
 * Counts accounts as their account-regions settle (answered or failed) and collects what each found;
 * tells `onProgress` after every settled unit. An account with no unit to ask is done from the start.
 */
export function accountsProgress<V, I>(
  accounts: Account[],
  units: ScanUnit[],
  itemsOf: (v: V) => I[],
  onProgress?: (p: AccountsProgress<I>) => void,
): (u: ScanUnit, v: V | undefined) => void {
  const left = new Map(accounts.map((a) => [a.alias, 0]));
  for (const u of units) left.set(u.account.alias, (left.get(u.account.alias) ?? 0) + 1);
  let done = [...left.values()].filter((n) => n === 0).length;
  const items: I[] = [];
  return (u, v) => {
    if (v !== undefined) items.push(...itemsOf(v));
    const n = (left.get(u.account.alias) ?? 1) - 1;
    left.set(u.account.alias, n);
    if (n === 0) done += 1;
    onProgress?.({ done, total: accounts.length, items });
  };
}

/** Items counted by a key (event code, failing check), for the progress view. */
export function countBy<I>(items: I[], key: (i: I) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) out.set(key(i), (out.get(key(i)) ?? 0) + 1);
  return out;
}
