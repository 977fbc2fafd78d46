import type { Account } from '../../src/config/types';
import type { WebDeps } from '../../src/deps';
import { resolveAccounts, resolveRegions } from '../../src/domain/accounts';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { esc } from '../../src/views/text';
import type { CommandInput } from './types';

export interface QueryTarget {
  name: string;
  accounts: Account[];
  region?: string;
  public: boolean;
  /** Account-regions the scan covers. */
  units: number;
}

/**
 * `<account|all> [region]` from the command: an unknown account or region is answered at once (the
 * message lists the known ones); `all` with a region keeps the accounts that have it configured.
 */
export function queryTarget(
  input: CommandInput,
  deps: WebDeps,
  opts: { allowAll?: boolean } = {},
): QueryTarget {
  const [name, region] = input.parsed.args;
  const accounts = resolveAccounts(deps.config, name, opts);
  const inScope =
    region && accounts.length > 1 ? accounts.filter((a) => a.regions.includes(region)) : accounts;
  if (inScope.length === 0) {
    throw new AppError(ErrorCode.BadInput, `No configured account has region ${esc(region)}.`);
  }
  const units = inScope.reduce((n, a) => n + resolveRegions(a, region).length, 0);
  return {
    name: (name ?? '').toLowerCase(),
    accounts: inScope,
    region,
    public: input.parsed.flags.has('public'),
    units,
  };
}

/** "prod: 2 regions" or "2 accounts (4 account-regions)". */
export function scopeText(t: QueryTarget): string {
  if (t.accounts.length === 1) {
    const a = t.accounts[0]!;
    return t.region
      ? `${a.alias} ${esc(t.region)}`
      : `${a.alias}: ${t.units} region${t.units === 1 ? '' : 's'}`;
  }
  return `${t.accounts.length} accounts (${t.units} account-regions)`;
}

export const targetPayload = (
  t: QueryTarget,
): { accounts: string[]; region?: string; public: boolean; target: string } => ({
  accounts: t.accounts.map((a) => a.alias),
  region: t.region,
  public: t.public,
  target: t.name,
});
