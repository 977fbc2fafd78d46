import { randomBytes } from 'node:crypto';
import { createRedis, deleteByPrefix, type RedisTarget } from '../../src/redis/client';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** A key prefix no other test file uses. */
export const uniquePrefix = (name: string): string => `test-${name}-${randomBytes(4).toString('hex')}`;

/** Deletes every key under the prefix (all start with `{prefix:`), on the test Redis or the given one. */
export async function cleanPrefix(
  prefix: string,
  target: RedisTarget = { redisUrl: REDIS_URL },
): Promise<void> {
  const redis = createRedis(target, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    await deleteByPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
