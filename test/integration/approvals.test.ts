import IORedis from 'ioredis';
import { redisKeys } from '../../src/redis/keys';
import { ApprovalStore, actionHash } from '../../src/stores/approvalStore';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';

const prefix = uniquePrefix('approvals');
const redis = new IORedis(REDIS_URL);
const store = new ApprovalStore(redis, prefix);
afterAll(async () => {
  await cleanPrefix(prefix);
  redis.disconnect();
});

const t0 = new Date('2026-11-21T10:00:00Z');
const make = (over: { selfApprove?: boolean } = {}) =>
  store.create(
    {
      op: 'stop',
      account: 'prod',
      region: 'us-east-1',
      instanceId: 'i-0123456789abcdef0',
      params: { b: 1, a: [2] },
      requester: 'U0ALICE',
      approvers: ['U0BOB'],
      selfApprove: over.selfApprove ?? false,
      correlationId: 'c1',
    },
    t0,
    60,
  );

describe('ApprovalStore.decide (real Redis, Lua)', () => {
  it('twenty concurrent approvals: exactly one wins, the rest see it decided', async () => {
    const r = await make();
    const outs = await Promise.all(
      Array.from({ length: 20 }, () => store.decide(r.id, 'U0BOB', 'approve', t0)),
    );
    expect(outs.filter((o) => o.ok)).toHaveLength(1);
    expect(outs.filter((o) => !o.ok && o.reason === 'decided')).toHaveLength(19);
    expect((await store.get(r.id))?.state).toBe('approved');
  });

  it('refuses the requester unless self-approve, and records expiry', async () => {
    const r = await make();
    expect(await store.decide(r.id, 'U0ALICE', 'approve', t0)).toMatchObject({ ok: false, reason: 'self' });
    const selfOk = await make({ selfApprove: true });
    expect(await store.decide(selfOk.id, 'U0ALICE', 'approve', t0)).toMatchObject({ ok: true });
    const late = new Date(t0.getTime() + 60 * 60_000 + 1);
    expect(await store.decide(r.id, 'U0BOB', 'approve', late)).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    expect((await store.get(r.id))?.state).toBe('expired');
  });

  it('a record changed after it was created (the action no longer matches its hash) is not decided', async () => {
    const r = await make();
    await redis.set(
      redisKeys(prefix).approval(r.id),
      JSON.stringify({ ...r, instanceId: 'i-0fedcba9876543210' }),
    );
    expect(await store.decide(r.id, 'U0BOB', 'approve', t0)).toMatchObject({ ok: false, reason: 'tampered' });
  });

  it('the action hash ignores key order and changes with any field', () => {
    const a = {
      op: 'stop' as const,
      account: 'prod',
      region: 'us-east-1',
      instanceId: 'i-1',
      params: { x: 1, y: 2 },
    };
    expect(actionHash(a)).toBe(actionHash({ ...a, params: { y: 2, x: 1 } }));
    expect(actionHash(a)).not.toBe(actionHash({ ...a, op: 'recover' }));
    expect(actionHash(a)).not.toBe(actionHash({ ...a, params: { x: 1, y: 3 } }));
  });

  it('ids that are not approval ids read as missing', async () => {
    expect(await store.get('../../etc')).toBeUndefined();
    expect(await store.decide('nope', 'U0BOB', 'approve', t0)).toMatchObject({
      ok: false,
      reason: 'missing',
    });
  });
});
