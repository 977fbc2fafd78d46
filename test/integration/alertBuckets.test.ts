import IORedis from 'ioredis';
import { AlertBuckets } from '../../src/alerts/buckets';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';

/** Aggregation buckets on the real Redis: no signal lost between a window's flush and the next one. */
const prefix = uniquePrefix('alert-buckets');
const redis = new IORedis(REDIS_URL);
const buckets = new AlertBuckets(redis, prefix);
afterAll(async () => {
  redis.disconnect();
  await cleanPrefix(prefix);
});

const sig = (n: number): AlertSignal => ({
  accountId: '111111111111',
  region: 'us-east-1',
  kind: 'health',
  type: 'T',
  entity: `i-${String(n).padStart(17, '0')}`,
  entityKey: `k${n}`,
  dedupeKey: `d${n}`,
  state: 'open',
  statusText: 'open',
  urgent: false,
  at: '2026-08-27T13:19:03.000Z',
});

it('signals of one window share a bucket; after the flush takes it, the next signal opens a new one', async () => {
  const a = await buckets.push('111111111111', 'T', [sig(1)], 10_000, 'bA00001');
  const b = await buckets.push('111111111111', 'T', [sig(2), sig(3)], 10_000, 'bB00001');
  // the window's first bucket is flushed at once (not batched)
  expect(a).toEqual({ bucketId: 'bA00001', opened: true, batched: false });
  expect(b).toEqual({ bucketId: 'bA00001', opened: false, batched: false });
  const taken = await buckets.drain('111111111111', 'T', 'bA00001');
  expect(taken.map((s) => s.entityKey)).toEqual(['k1', 'k2', 'k3']);
  const c = await buckets.push('111111111111', 'T', [sig(4)], 10_000, 'bC00001');
  // a later bucket of the same window gathers for a pace interval before its flush
  expect(c).toEqual({ bucketId: 'bC00001', opened: true, batched: true });
});

it('a retried flush gets the same signals until it reports done', async () => {
  await buckets.push('111111111111', 'U', [sig(5)], 10_000, 'bD00001');
  const first = await buckets.drain('111111111111', 'U', 'bD00001');
  const retry = await buckets.drain('111111111111', 'U', 'bD00001');
  expect(retry).toEqual(first);
  await buckets.done('111111111111', 'U', 'bD00001');
  expect(await buckets.drain('111111111111', 'U', 'bD00001')).toEqual([]);
});
