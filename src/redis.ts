import IORedis, { type Redis, type RedisOptions } from 'ioredis';

export type { Redis };

/** A connection for BullMQ workers and blocking commands (BullMQ requires maxRetriesPerRequest: null). */
export function createRedis(url: string, opts: RedisOptions = {}): Redis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...opts });
}

export class RedisUnavailableError extends Error {}

/**
 * Fails fast when Redis does not answer: a clear message and no hang (issue 2, "Unknown input").
 * The URL is shown without its password.
 */
export async function assertRedis(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
  } catch (err) {
    throw new RedisUnavailableError(
      `Redis at ${redactUrl(url)} does not answer (${(err as Error).message}). Start it (e.g. \`redis-server\` or \`docker compose up redis\`) or set REDIS_URL.`,
    );
  } finally {
    probe.disconnect();
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an invalid REDIS_URL';
  }
}

/** Deletes every key of one bot installation: BullMQ's `{prefix}:…` and the bot's own `prefix:…`. */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  for (const pattern of [`{${prefix}}*`, `${prefix}:*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  }
}
