import { createRedis, deleteByPrefix, type RedisTarget } from '../src/redis/client';

/** Deletes the demo's keys (every key of the prefix starts with `{prefix:`): each run starts clean. */
export async function clearPrefix(target: RedisTarget, prefix: string): Promise<void> {
  const redis = createRedis(target, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await deleteByPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
