import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load';
import type { Config } from '../../src/config/types';

/** The account ids the tests use (moto puts AssumeRole credentials in the role ARN's account). */
export const PROD = '111111111111';
export const STAGING = '222222222222';
export const EUROPE = '333333333333';

/** One account as the YAML writes it; `role_arn` defaults to the bot's role in account `id`. */
export type AccountSpec = { id: string; role_arn?: string } & Record<string, unknown>;

export interface AccountsSpec {
  defaults?: Record<string, unknown>;
  accounts: Record<string, AccountSpec>;
  organization?: Record<string, unknown>;
}

/** The bot's role in an account, as every test config names it. */
export const roleArn = (id: string): string => `arn:aws:iam::${id}:role/ec2-ops-bot`;

/** prod alone, in us-east-1: its alerts in C0PRODALERT, U0ALICE operates, U0BOB approves. */
export const PROD_ONLY_SPEC: AccountsSpec = {
  defaults: { regions: ['us-east-1'] },
  accounts: {
    prod: {
      id: PROD,
      regions: ['us-east-1'],
      alert_channel: 'C0PRODALERT',
      operators: ['U0ALICE'],
      approvers: ['U0BOB'],
    },
  },
};

/** prod as the alert tests page it: alerts in C0PRODALERT, U0ONCALL on call and operating beside U0ALICE. */
export const ONCALL_PROD: AccountSpec = {
  id: PROD,
  alert_channel: 'C0PRODALERT',
  oncall: ['U0ONCALL'],
  operators: ['U0ALICE', 'U0ONCALL'],
};

/**
 * An accounts file (config/accounts.yml) from a small object: each account gets `role_arn` from its
 * `id` unless it says otherwise; every other key is written as given (snake_case, as in the file).
 */
export function accountsYaml(spec: AccountsSpec): string {
  const accounts = Object.fromEntries(
    Object.entries(spec.accounts).map(([alias, a]) => {
      const { id, role_arn, ...rest } = a;
      return [alias, { id, role_arn: role_arn ?? roleArn(id), ...rest }];
    }),
  );
  return stringify({
    ...(spec.defaults ? { defaults: spec.defaults } : {}),
    accounts,
    ...(spec.organization ? { organization: spec.organization } : {}),
  });
}

/**
 * `base` with some keys changed: `defaults` keys and each named account's keys replace or add to the
 * base's (an alias the base lacks is a new account and needs its `id`).
 */
export function withChanges(
  base: AccountsSpec,
  change: { defaults?: Record<string, unknown>; accounts?: Record<string, Partial<AccountSpec>> },
): AccountsSpec {
  const accounts = { ...base.accounts };
  for (const [alias, keys] of Object.entries(change.accounts ?? {}))
    accounts[alias] = { ...accounts[alias], ...keys } as AccountSpec;
  return {
    ...base,
    ...(change.defaults ? { defaults: { ...base.defaults, ...change.defaults } } : {}),
    accounts,
  };
}

/** The same, parsed and validated as the bot parses its file. */
export const accountsConfig = (spec: AccountsSpec, file = 'test-accounts.yml'): Config =>
  parseConfig(accountsYaml(spec), file);
