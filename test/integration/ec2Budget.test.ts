/**
 * One EC2 budget per account and region for every process: the pacer's buckets live in Redis. Two
 * pacers on two connections stand for two worker processes. EC2's side of the bargain is played by
 * test/helpers/throttle.ts (moto never throttles): one set of buckets in front of moto for everyone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import IORedis from 'ioredis';
import { AwsClients } from '../../src/aws/clients';
import { type BucketLimits, Ec2Pacer } from '../../src/aws/pacing';
import { parseConfig } from '../../src/config/load';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { type RedisNode, startRedisServer } from '../helpers/redisCluster';
import { ThrottleInjector } from '../helpers/throttle';

jest.setTimeout(60_000);
const prefix = uniquePrefix('ec2-budget');
const connections: IORedis[] = [];
const connect = (url = REDIS_URL): IORedis => {
  const c = new IORedis(url);
  connections.push(c);
  return c;
};
afterAll(async () => {
  for (const c of connections) c.disconnect();
  await cleanPrefix(prefix);
});

const SMALL: BucketLimits = { mutating: { capacity: 5, refillPerSec: 10 } };

describe('the pacer', () => {
  it('two processes share one bucket: 30 takes from a 5-token, 10/s bucket take ≥ 2.5 s in all', async () => {
    const a = new Ec2Pacer(connect(), prefix, { limits: SMALL });
    const b = new Ec2Pacer(connect(), prefix, { limits: SMALL });
    const t0 = Date.now();
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? a : b).take('111111111111', 'us-east-1', 'mutating').then(() => done.push(Date.now() - t0)),
      ),
    );
    // Two in-process buckets would have let both through 15 each: 1 s. One shared bucket: (30 − 5) / 10.
    expect(Math.max(...done)).toBeGreaterThanOrEqual(2400);
    // Never ahead of the bucket: by time t at most 5 + 10·t calls were let through (10 ms of slack).
    done.sort((x, y) => x - y);
    for (const [n, t] of done.entries())
      expect(n + 1).toBeLessThanOrEqual(5 + Math.floor(((t + 10) / 1000) * 10));
  });

  it('account-regions and classes have buckets of their own', async () => {
    const p = new Ec2Pacer(connect(), prefix, { limits: SMALL });
    for (let i = 0; i < 8; i++) void p.take('222222222222', 'us-east-1', 'mutating');
    expect(await p.take('222222222222', 'eu-west-1', 'mutating')).toBe(0);
    expect(await p.take('333333333333', 'us-east-1', 'mutating')).toBe(0);
    expect(await p.take('222222222222', 'us-east-1', 'non-mutating')).toBe(0);
    expect(await p.take('222222222222', 'us-east-1', 'mutating')).toBeGreaterThan(0);
  });

  it('a waiter does not poll Redis: one script call per request, however long it waits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ec2bot-budget-'));
    let node: RedisNode | undefined;
    try {
      node = await startRedisServer(dir, []);
      const redis = connect(`redis://127.0.0.1:${node.port}`);
      const p = new Ec2Pacer(redis, prefix, { limits: { 'start-run': { capacity: 2, refillPerSec: 20 } } });
      await redis.config('RESETSTAT');
      const waits = await Promise.all(
        Array.from({ length: 20 }, () => p.take('111111111111', 'us-east-1', 'start-run')),
      );
      expect(waits.filter((w) => w > 0).length).toBeGreaterThanOrEqual(17);
      const stats = await redis.info('commandstats');
      expect(/cmdstat_eval(?:sha)?:calls=(\d+)/.exec(stats)?.[1]).toBe('20');
    } finally {
      await node?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('through the SDK against EC2-shaped throttling', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
    useMotoEnv(moto);
  });
  afterAll(() => moto?.stop());

  const CONFIG = `accounts:
  prod:
    id: "111111111111"
    role_arn: arn:aws:iam::111111111111:role/ec2-ops-bot
`;
  const LIMITS: BucketLimits = { 'non-mutating': { capacity: 10, refillPerSec: 10 } };

  /** Two "processes" (clients + pacer each) send 20 DescribeInstances apiece through one EC2. */
  async function twoProcesses(prefixes: [string, string]) {
    const account = parseConfig(CONFIG, 'budget.yml').accounts.get('prod')!;
    const [id] = await moto.launch('111111111111', 'us-east-1');
    const ec2 = new ThrottleInjector(LIMITS);
    const procs = prefixes.map(
      (p) =>
        new AwsClients({
          pacer: new Ec2Pacer(connect(), p, { limits: LIMITS }),
          onClient: ec2.onClient,
          maxAttempts: 5,
        }),
    );
    // Credentials first (an unfiltered describe: a class EC2's side leaves alone here), as a running
    // worker has them: the AssumeRole round trip is not part of what is measured.
    await Promise.all(
      procs.map((aws) => aws.ec2(account, 'us-east-1').send(new DescribeInstancesCommand({}))),
    );
    const t0 = Date.now();
    await Promise.all(
      procs.flatMap((aws) =>
        Array.from({ length: 20 }, () =>
          aws.ec2(account, 'us-east-1').send(new DescribeInstancesCommand({ InstanceIds: [id!] })),
        ),
      ),
    );
    for (const aws of procs) aws.destroy();
    return { throttled: ec2.totalThrottled, ms: Date.now() - t0 };
  }

  it('sharing one budget, the two stay within it; with a budget each (as before), EC2 throttles them', async () => {
    const shared = await twoProcesses([`${prefix}-shared`, `${prefix}-shared`]);
    // At most one: the pacer releases each token 50 ms after it is due, and on this shared 2-core box
    // a request now and then reaches EC2's side later than the first of the burst by more than that.
    expect(shared.throttled).toBeLessThanOrEqual(1);
    expect(shared.ms).toBeGreaterThanOrEqual(2800); // (40 − 10) / 10 s: the budget, not more
    const apart = await twoProcesses([`${prefix}-a`, `${prefix}-b`]);
    expect(apart.throttled).toBeGreaterThanOrEqual(10);
    await Promise.all([`${prefix}-shared`, `${prefix}-a`, `${prefix}-b`].map((p) => cleanPrefix(p)));
  });
});
