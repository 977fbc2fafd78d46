import type { Mute, Operation, OrganizationConfig, RawAccount, Routing } from './schema';

export type { Mute, OrganizationConfig, Routing };

/** Where an account entry came from: typed into the config, or discovered from AWS Organizations. */
export type AccountSource = 'config' | 'organization';

/** An account after defaults are applied: every optional list is filled in. */
export interface Account extends Omit<RawAccount, 'regions' | 'approval' | 'mutes'> {
  alias: string;
  regions: string[];
  /** `required_for` undefined: every operation's default (requiresApproval in src/ops/catalog). */
  approval: { required_for?: Operation[]; self_approve: boolean; ttl_minutes: number };
  /** The account's own mutes, else defaults.mutes (the account's list wins as a whole). */
  mutes: Mute[];
  source: AccountSource;
}

/** What a discovered account inherits: the fleet-wide defaults. */
export interface Defaults {
  regions: string[];
  approval_ttl_minutes: number;
  routing?: Routing;
  mutes: Mute[];
}

export interface Config {
  file: string;
  /**
   * Every usable account by alias: the configured ones, plus those discovered from AWS Organizations
   * (kept in place by src/org/registry.ts, which every process syncs from Redis).
   */
  accounts: Map<string, Account>;
  defaultAlertChannel?: string;
  defaults: Defaults;
  organization?: OrganizationConfig;
}
