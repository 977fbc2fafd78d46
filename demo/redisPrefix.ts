import IORedis from 'ioredis';
import { deleteByPrefix } from '../src/redis';

/** Deletes the demo's keys (BullMQ's `{prefix}:…` and the bot's `prefix:…`): each run starts clean. */
export async function clearPrefix(url: string, prefix: string): Promise<void> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await deleteByPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
