import type { Account, Config } from '../config/types';
import { AppError, ErrorCode } from '../errors/appError';

/** The accounts a job was asked about, re-read from the config (it may have changed since the command). */
export function accountsOf(config: Config, aliases: string[]): Account[] {
  return aliases.map((alias) => {
    const a = config.accounts.get(alias);
    if (!a) throw new AppError(ErrorCode.UnknownAccount, `Account ${alias} is no longer configured.`);
    return a;
  });
}

/** The regions checked per account, as the reply names them. */
export const checkedOf = (accounts: Account[], region?: string): { account: string; regions: string[] }[] =>
  accounts.map((a) => ({ account: a.alias, regions: region ? [region] : a.regions }));
