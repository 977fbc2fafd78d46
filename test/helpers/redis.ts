import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { deleteByPrefix } from '../../src/redis';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** A key prefix no other test file uses. */
export const uniquePrefix = (name: string): string => `test-${name}-${randomBytes(4).toString('hex')}`;

/** Deletes every key under the prefix (BullMQ's `{prefix}:…` and the bot's `prefix:…`). */
export async function cleanPrefix(prefix: string): Promise<void> {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    await deleteByPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
