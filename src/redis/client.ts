import IORedis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { keyPattern } from './keys';

/** A connection: one Redis server, or a Redis Cluster (ElastiCache / MemoryDB / Valkey cluster mode). */
export type Redis = IORedis | Cluster;

/** Where Redis is: `REDIS_URL`, and `REDIS_CLUSTER` (then the URL may list several nodes, comma-separated). */
export interface RedisTarget {
  redisUrl: string;
  redisCluster?: boolean;
  /** AUTH password / ElastiCache AUTH token kept apart from the URL (REDIS_PASSWORD, e.g. an ECS secret). */
  redisPassword?: string;
  /** PEM of the CA that signed the server's certificate (REDIS_TLS_CA_FILE), for a private CA; else Node's CAs. */
  redisTlsCa?: string;
}

/**
 * The one factory for every connection the bot opens: the shared one (queues, stores), each BullMQ
 * Worker's blocking one, the start-up probe. BullMQ requires `maxRetriesPerRequest: null`; `opts` may
 * override it (the probe fails fast instead). In cluster mode the options apply to every node.
 */
export function createRedis(target: RedisTarget, opts: RedisOptions = {}): Redis {
  const options: RedisOptions = {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    ...(target.redisPassword ? { password: target.redisPassword } : {}),
    ...opts,
  };
  const tls = target.redisTlsCa ? { ca: target.redisTlsCa } : {};
  // ioredis turns on TLS for a rediss:// URL by itself; an options.tls object (our CA) replaces its `true`.
  if (!target.redisCluster) {
    const secure = target.redisUrl.trim().startsWith('rediss://');
    return new IORedis(target.redisUrl, secure ? { ...options, tls } : options);
  }
  const nodes = clusterNodes(target.redisUrl);
  const { lazyConnect, enableOfflineQueue, retryStrategy, ...perNode } = options;
  const first = nodes[0] as ClusterNode;
  const cluster: ClusterOptions = {
    enableReadyCheck: true,
    redisOptions: {
      ...perNode,
      ...(first.username ? { username: first.username } : {}),
      ...(first.password ? { password: first.password } : {}),
      ...(first.tls ? { tls } : {}),
    },
  };
  if (lazyConnect !== undefined) cluster.lazyConnect = lazyConnect;
  if (enableOfflineQueue !== undefined) cluster.enableOfflineQueue = enableOfflineQueue;
  if (retryStrategy) cluster.clusterRetryStrategy = (times) => retryStrategy(times);
  // ElastiCache with TLS: the certificate names the configuration endpoint, not the node IPs ioredis
  // would resolve it to. https://github.com/redis/ioredis#special-note-aws-elasticache-clusters-with-tls
  if (first.tls) cluster.dnsLookup = (address, callback) => callback(null, address);
  return new Cluster(
    nodes.map(({ host, port }) => ({ host, port })),
    cluster,
  );
}

interface ClusterNode {
  host: string;
  port: number;
  username?: string;
  password?: string;
  tls: boolean;
}

export class RedisUrlError extends Error {}

/** `redis://[user:pass@]host:port` or `rediss://…` (TLS), comma-separated; credentials from the first. */
export function clusterNodes(url: string): ClusterNode[] {
  const parts = url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new RedisUrlError('REDIS_URL is empty — write redis://host:6379');
  return parts.map((raw) => {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new RedisUrlError(`REDIS_URL: "${redactUrl(raw)}" is not a URL — write redis://host:6379`);
    }
    if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
      throw new RedisUrlError(`REDIS_URL: ${redactUrl(raw)} — write redis://host:port or rediss://host:port`);
    }
    if (u.pathname && u.pathname !== '/' && u.pathname !== '/0') {
      throw new RedisUrlError(`REDIS_URL: a Redis Cluster has database 0 only — drop "${u.pathname}"`);
    }
    return {
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: Number(u.port || 6379),
      username: u.username ? decodeURIComponent(u.username) : undefined,
      password: u.password ? decodeURIComponent(u.password) : undefined,
      tls: u.protocol === 'rediss:',
    };
  });
}

/** The primaries of a cluster, or the one server: what SCAN and server checks must visit. */
export async function primaries(redis: Redis): Promise<IORedis[]> {
  if (!(redis instanceof Cluster)) return [redis];
  await redis.ping(); // waits until the slot map is loaded: before that the node list is empty
  return redis.nodes('master');
}

export function redactUrl(url: string): string {
  return url
    .split(',')
    .map((one) => {
      try {
        const u = new URL(one.trim());
        if (u.password) u.password = '***';
        return u.toString();
      } catch {
        return 'an invalid REDIS_URL';
      }
    })
    .join(',');
}

/**
 * Deletes every key of one bot installation (all start with `{prefix:`). In cluster mode SCAN visits
 * every primary (a SCAN on the cluster client would see one node) and keys go one by one (a DEL of
 * keys in different slots is refused).
 */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  for (const node of await primaries(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', keyPattern(prefix), 'COUNT', 1000);
      cursor = next;
      if (keys.length) {
        const p = node.pipeline();
        for (const k of keys) p.unlink(k);
        await p.exec();
      }
    } while (cursor !== '0');
  }
}
