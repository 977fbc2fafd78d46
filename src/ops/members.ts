import type { Deps } from '../deps';
import { redisKeys } from '../redis/keys';

const GROUP_TTL_SECONDS = 300;

/**
 * Is `user` one of `principals` (user ids, or user-group ids `S…` resolved through Slack
 * `usergroups.users.list`)? Group members are cached in Redis for five minutes, shared by every process.
 */
export async function isMember(
  deps: Pick<Deps, 'redis' | 'notifier' | 'keyPrefix' | 'log'>,
  principals: readonly string[],
  user: string,
): Promise<boolean> {
  if (principals.includes(user)) return true;
  for (const group of principals.filter((p) => p.startsWith('S'))) {
    if ((await groupMembers(deps, group)).includes(user)) return true;
  }
  return false;
}

async function groupMembers(
  deps: Pick<Deps, 'redis' | 'notifier' | 'keyPrefix' | 'log'>,
  group: string,
): Promise<string[]> {
  const key = redisKeys(deps.keyPrefix).userGroup(group);
  const cached = await deps.redis.get(key);
  if (cached) return JSON.parse(cached) as string[];
  try {
    const users = await deps.notifier.usergroupMembers(group);
    await deps.redis.set(key, JSON.stringify(users), 'EX', GROUP_TTL_SECONDS);
    return users;
  } catch (err) {
    // A group we cannot resolve grants nothing (fail closed); the log says why.
    deps.log.warn({ err, group }, 'could not resolve user group');
    return [];
  }
}
