/**
 * The start-up check against real redis-server processes (own ports, work dirs under the OS temp dir):
 * an evicting maxmemory-policy is refused, read through CONFIG GET or — where CONFIG is renamed away,
 * as managed services do — through INFO memory; every primary of a cluster is checked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertRedis, evictionPolicy, RedisPolicyError, RedisUnavailableError } from '../../src/redis/check';
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
