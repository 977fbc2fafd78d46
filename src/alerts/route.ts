import type { Account, Config } from '../config/types';

export interface AlertTarget {
  alias: string;
  channel: string;
  account?: Account;
}

/**
 * Where an account's alerts go: its `alert_channel` (routing by tag may send one to a team's channel
 * instead, src/domain/alertRules.ts); an account id not in the config goes to
 * `defaults.default_alert_channel` when set (else nowhere: the caller logs and counts it).
 */
export function alertTarget(config: Config, accountId: string): AlertTarget | undefined {
  for (const a of config.accounts.values()) {
    if (a.id !== accountId) continue;
    const channel = a.alert_channel ?? config.defaultAlertChannel;
    if (channel) return { alias: a.alias, channel, account: a };
    // No channel of its own (an organization member without a channel tag): its team alerts can
    // still go to a team's channel; the rest is dropped after routing (openAlert says so).
    return a.routing ? { alias: a.alias, channel: '', account: a } : undefined;
  }
  return config.defaultAlertChannel
    ? { alias: `unknown ${accountId}`, channel: config.defaultAlertChannel }
    : undefined;
}

export const isConfiguredAccount = (config: Config, accountId: string): boolean =>
  [...config.accounts.values()].some((a) => a.id === accountId);
