import type IORedis from 'ioredis';
import { createRedis, primaries, type Redis, type RedisTarget, redactUrl } from './client';

export class RedisUnavailableError extends Error {}

/** Redis answers but is set up to lose the bot's data (a policy that evicts keys). */
export class RedisPolicyError extends Error {}

/**
 * Fails fast when Redis does not answer (a clear message, no hang), and refuses a Redis whose
 * `maxmemory-policy` is not `noeviction`: an evicted key is a lost job, approval or lock. Managed
 * services may refuse CONFIG (ElastiCache and MemoryDB do:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ClientConfig.RestrictedCommands.html);
 * then `INFO memory` tells the policy. When neither does, the answer lists a warning and start-up goes on.
 * In cluster mode every primary is checked. The URL is shown without its password.
 */
export async function assertRedis(target: RedisTarget, timeoutMs = 3000): Promise<{ warnings: string[] }> {
  const where = redactUrl(target.redisUrl);
  const serverless = elastiCacheServerlessHost(target.redisUrl);
  if (serverless) {
    throw new RedisPolicyError(
      `Redis at ${where} is ElastiCache Serverless (${serverless}), which the bot does not support: its eviction policy cannot be set to noeviction, so a full cache may evict queue keys and lose jobs (BullMQ: https://docs.bullmq.io/guide/redis-tm-hosting/aws-elasticache). Use a node-based ElastiCache for Valkey or Redis OSS replication group with a parameter group setting maxmemory-policy noeviction (deploy/bot.yml creates one).`,
    );
  }
  const probe = createRedis(target, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The socket's own error (a TLS certificate refused, WRONGPASS) says more than "Connection is closed.".
  let socketError: Error | undefined;
  probe.on('error', (err: Error) => {
    socketError ??= err;
  });
  try {
    let nodes: IORedis[];
    try {
      nodes = await withTimeout(connect(probe), timeoutMs);
    } catch (err) {
      throw unavailable(target, where, socketError ?? (err as Error));
    }
    const warnings: string[] = [];
    for (const node of nodes) {
      const name = `${node.options.host}:${node.options.port}`;
      const policy = await withTimeout(evictionPolicy(node), timeoutMs).catch(() => undefined);
      if (policy === undefined) {
        warnings.push(
          `could not read maxmemory-policy of Redis ${name} (CONFIG and INFO memory refused): make sure it is noeviction, or keys may be evicted and jobs lost`,
        );
      } else if (policy !== 'noeviction') {
        throw new RedisPolicyError(
          `Redis ${name} (${where}) has maxmemory-policy ${policy}: it may evict the bot's queue keys and lose jobs. Set maxmemory-policy noeviction (redis.conf, CONFIG SET maxmemory-policy noeviction, or the ElastiCache / MemoryDB parameter group).`,
        );
      }
    }
    return { warnings };
  } finally {
    probe.disconnect();
  }
}

function unavailable(target: RedisTarget, where: string, cause: Error): RedisUnavailableError {
  const why = cause.message;
  const fix = /certificate|self.signed|CERT_/i.test(why)
    ? 'Its TLS certificate is not trusted: set REDIS_TLS_CA_FILE to the PEM of the CA that signed it'
    : /WRONGPASS|NOAUTH|invalid password|invalid username/i.test(why)
      ? 'Check the password / AUTH token (REDIS_PASSWORD, or user:password in REDIS_URL)'
      : `Start it (e.g. \`redis-server\` or \`docker compose up redis\`) or set REDIS_URL${target.redisCluster ? ' (REDIS_CLUSTER=true: a cluster node)' : ''}`;
  return new RedisUnavailableError(`Redis at ${where} does not answer (${why}). ${fix}.`);
}

/**
 * The host of REDIS_URL when it is an ElastiCache Serverless endpoint, whose names are
 * `<cache>-<id>.serverless.<region code>.cache.amazonaws.com` (node-based clusters' endpoints have no
 * `.serverless.` label). Known from the name alone, before connecting: ElastiCache refuses CONFIG, so
 * the policy check could only warn. A CNAME of your own in front of it is not recognised.
 */
export function elastiCacheServerlessHost(redisUrl: string): string | undefined {
  for (const one of redisUrl.split(',')) {
    let host: string;
    try {
      host = new URL(one.trim()).hostname;
    } catch {
      continue;
    }
    if (/\.serverless\.[a-z0-9-]+\.cache\.amazonaws\.com(\.cn)?$/i.test(host)) return host;
  }
  return undefined;
}

async function connect(probe: Redis): Promise<IORedis[]> {
  await probe.connect();
  await probe.ping();
  return primaries(probe);
}

/** The server's `maxmemory-policy`: CONFIG GET, else INFO memory; undefined if neither answers. */
export async function evictionPolicy(node: Pick<IORedis, 'config' | 'info'>): Promise<string | undefined> {
  try {
    const res = (await node.config('GET', 'maxmemory-policy')) as unknown;
    const value = Array.isArray(res) ? res[1] : (res as Record<string, string> | null)?.['maxmemory-policy'];
    if (typeof value === 'string' && value) return value;
  } catch {
    // CONFIG refused or renamed (managed services): try INFO.
  }
  try {
    const m = /^maxmemory_policy:(\S+)/m.exec(await node.info('memory'));
    if (m?.[1]) return m[1];
  } catch {
    // INFO refused too.
  }
  return undefined;
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
