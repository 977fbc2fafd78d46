import type { Account } from '../config/types';
import type { Deps } from '../deps';

const CACHE_S = 300;

/** Members of a Slack user group, cached in Redis for 5 minutes (shared by every web process). */
export async function groupMembers(
  deps: Pick<Deps, 'redis' | 'keyPrefix' | 'notifier'>,
  group: string,
): Promise<string[]> {
  const key = `${deps.keyPrefix}:usergroup:${group}`;
  const hit = await deps.redis.get(key);
  if (hit) return JSON.parse(hit) as string[];
  const members = await deps.notifier.usergroupMembers(group);
  await deps.redis.set(key, JSON.stringify(members), 'EX', CACHE_S);
  return members;
}

/**
 * Who may act on an account's alerts (acknowledge, snooze): its operators, on-call and approvers,
 * named directly or through a user group. The one place this is decided.
 */
export async function mayActOnAlerts(
  deps: Pick<Deps, 'redis' | 'keyPrefix' | 'notifier'>,
  account: Account,
  user: string,
): Promise<boolean> {
  const principals = [...account.operators, ...account.oncall, ...account.approvers];
  if (principals.includes(user)) return true;
  for (const group of principals.filter((p) => p.startsWith('S'))) {
    if ((await groupMembers(deps, group)).includes(user)) return true;
  }
  return false;
}
