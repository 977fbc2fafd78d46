import type { Account, Config } from '../config/types';
import { AppError, ErrorCode } from '../errors/appError';

/** Resolves an alias (or `all`) to accounts; an unknown one lists the known aliases. Pure. */
export function resolveAccounts(
  config: Config,
  name: string | undefined,
  opts: { allowAll?: boolean } = {},
): Account[] {
  const known = [...config.accounts.keys()];
  const list = `Known accounts: ${known.join(', ')}${opts.allowAll === false ? '' : ', or `all`'}.`;
  if (!name) throw new AppError(ErrorCode.BadInput, `Name an account. ${list}`);
  const alias = name.toLowerCase();
  if (alias === 'all' && opts.allowAll !== false) return [...config.accounts.values()];
  const account = config.accounts.get(alias);
  if (!account) throw new AppError(ErrorCode.UnknownAccount, `No account "${name}". ${list}`);
  return [account];
}

/** Picks the regions to scan: the account's, or one region the user named (must be configured). */
export function resolveRegions(account: Account, region: string | undefined): string[] {
  if (!region) return account.regions;
  if (!account.regions.includes(region)) {
    throw new AppError(
      ErrorCode.BadInput,
      `Region ${region} is not configured for ${account.alias} (regions: ${account.regions.join(', ')}).`,
    );
  }
  return [region];
}
