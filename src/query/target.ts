import { z } from 'zod';
import type { Account, Config } from '../config/types';
import { AppError, ErrorCode } from '../errors';
import { basePayload } from '../jobs/payload';

/** Payload of a read-only fan-out: which accounts (aliases, resolved by the command), region, where to answer. */
export const queryPayload = basePayload.extend({
  accounts: z.array(z.string().max(32)).min(1).max(500),
  region: z.string().max(32).optional(),
  public: z.boolean().default(false),
  /** What the user typed (`all` or an alias), for the reply's title. */
  target: z.string().max(32).optional(),
});
export type QueryPayload = z.infer<typeof queryPayload>;

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
