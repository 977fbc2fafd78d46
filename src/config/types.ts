import type { Operation, RawAccount } from './schema';

/** An account after defaults are applied: every optional list is filled in. */
export interface Account extends Omit<RawAccount, 'regions' | 'approval'> {
  alias: string;
  regions: string[];
  approval: { required_for: Operation[]; self_approve: boolean; ttl_minutes: number };
}

export interface Config {
  file: string;
  accounts: Map<string, Account>;
  defaultAlertChannel?: string;
}
