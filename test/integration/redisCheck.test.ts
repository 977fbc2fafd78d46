/**
 * The start-up check against real redis-server processes (own ports, work dirs under the OS temp dir):
 * an evicting maxmemory-policy is refused, read through CONFIG GET or — where CONFIG is renamed away,
 * as managed services do — through INFO memory; every primary of a cluster is checked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertRedis,
  elastiCacheServerlessHost,
  evictionPolicy,
  RedisPolicyError,
  RedisUnavailableError,
} from '../../src/redis/check';
import { type RedisNode, startRedisCluster, startRedisServer } from '../helpers/redisCluster';

jest.setTimeout(60_000);
const dir = mkdtempSync(join(tmpdir(), 'ec2bot-redis-check-'));
const started: RedisNode[] = [];
afterAll(async () => {
  await Promise.all(started.map((n) => n.stop()));
  rmSync(dir, { recursive: true, force: true });
});
const server = async (...args: string[]): Promise<string> => {
  const node = await startRedisServer(dir, args);
  started.push(node);
  return `redis://127.0.0.1:${node.port}`;
};

it('accepts noeviction', async () => {
  const url = await server('--maxmemory-policy', 'noeviction');
  expect(await assertRedis({ redisUrl: url })).toEqual({ warnings: [] });
});

it('refuses an evicting policy, saying which server, which policy and the fix', async () => {
  const url = await server('--maxmemory-policy', 'allkeys-lru');
  const err = await assertRedis({ redisUrl: url }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RedisPolicyError);
  expect((err as Error).message).toMatch(/has maxmemory-policy allkeys-lru: .*lose jobs/);
  expect((err as Error).message).toContain('noeviction');
});

it('reads the policy from INFO memory when CONFIG is renamed away (as on ElastiCache)', async () => {
  const bad = await server('--maxmemory-policy', 'volatile-lru', '--rename-command', 'CONFIG', '');
  await expect(assertRedis({ redisUrl: bad })).rejects.toThrow(/maxmemory-policy volatile-lru/);
  const good = await server('--rename-command', 'CONFIG', '');
  expect(await assertRedis({ redisUrl: good })).toEqual({ warnings: [] });
});

it('checks every primary of a cluster', async () => {
  const cluster = await startRedisCluster({ extraArgs: ['--maxmemory-policy', 'allkeys-lfu'] });
  try {
    await expect(assertRedis(cluster)).rejects.toThrow(/maxmemory-policy allkeys-lfu/);
  } finally {
    await cluster.stop();
  }
});

it('a node that answers neither CONFIG nor INFO gives no policy (start-up then warns and goes on)', async () => {
  // No real server refuses INFO (ioredis's own ready check needs it), so this branch gets a stand-in.
  const refusing = {
    config: () => Promise.reject(new Error("ERR unknown command 'CONFIG'")),
    info: () => Promise.reject(new Error('NOPERM')),
  } as unknown as Parameters<typeof evictionPolicy>[0];
  expect(await evictionPolicy(refusing)).toBeUndefined();
});

it('an unreachable cluster is a clear start-up failure', async () => {
  const err = await assertRedis({ redisUrl: 'redis://127.0.0.1:1', redisCluster: true }, 1500).catch(
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RedisUnavailableError);
  expect((err as Error).message).toContain('REDIS_CLUSTER=true');
});

describe('ElastiCache Serverless', () => {
  const serverless = 'ec2bot-a1b2c3.serverless.use1.cache.amazonaws.com';

  it('is refused by name before any connection, saying why and what to use instead', async () => {
    // The name does not resolve here: had the check tried to connect, this would be RedisUnavailableError.
    for (const target of [
      { redisUrl: `rediss://${serverless}:6379` },
      { redisUrl: `rediss://:token@${serverless}:6379`, redisCluster: true },
    ]) {
      const err = await assertRedis(target, 60_000).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RedisPolicyError);
      const text = (err as Error).message;
      expect(text).toContain(`is ElastiCache Serverless (${serverless})`);
      expect(text).toContain('cannot be set to noeviction');
      expect(text).toContain('https://docs.bullmq.io/guide/redis-tm-hosting/aws-elasticache');
      expect(text).toMatch(/node-based .* maxmemory-policy noeviction/);
      expect(text).not.toContain('token');
    }
  });

  it('tells Serverless endpoints from node-based ones', () => {
    expect(elastiCacheServerlessHost(`rediss://${serverless}:6379`)).toBe(serverless);
    expect(elastiCacheServerlessHost(`redis://10.0.0.1:6379,rediss://${serverless}:6379`)).toBe(serverless);
    for (const nodeBased of [
      'master.ec2bot-redis.a1b2c3.use1.cache.amazonaws.com', // primary endpoint, cluster mode off
      'clustercfg.ec2bot-redis.a1b2c3.use1.cache.amazonaws.com', // configuration endpoint
      'ec2bot-redis-001.a1b2c3.0001.use1.cache.amazonaws.com', // node endpoint
      'serverless.example.com',
      '127.0.0.1',
    ])
      expect(elastiCacheServerlessHost(`rediss://${nodeBased}:6379`)).toBeUndefined();
  });
});
