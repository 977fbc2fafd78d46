import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { isMember } from './members';

/**
 * Who may act on an account's alerts (acknowledge, snooze): its operators, on-call and approvers,
 * named directly or through a user group (resolved and cached by the same code as operation rights).
 */
export async function mayActOnAlerts(
  deps: Pick<Deps, 'redis' | 'keyPrefix' | 'notifier' | 'log'>,
  account: Account,
  user: string,
): Promise<boolean> {
  return isMember(deps, [...account.operators, ...account.oncall, ...account.approvers], user);
}
