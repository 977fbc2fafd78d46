/**
 * The bot on a real three-shard Redis Cluster (REDIS_CLUSTER=true, REDIS_URL listing the nodes):
 * the alert, approval and operation flows through the public surface (webhook, slash commands,
 * buttons, the fake Slack, moto), then every key on every shard is checked for its hash tag.
 */
import IORedis, { Cluster } from 'ioredis';
import { type RedisKeys, redisKeys } from '../../src/redis/keys';
import { accountsYaml, ONCALL_PROD, PROD, STAGING } from '../helpers/accountsConfig';
import { alarmEvent } from '../helpers/alertEvents';
import { buttonsOf, postEvent, postsTo } from '../helpers/alertsKit';
import { startTestBot, type TestBot } from '../helpers/bot';
import type { SlackCall } from '../helpers/fakeSlack';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { buttonPayload, elementsOf, textOf, until } from '../helpers/ops';
import { type RedisCluster, startRedisCluster } from '../helpers/redisCluster';

const CONFIG = accountsYaml({
  defaults: { regions: ['us-east-1'] },
  accounts: {
    prod: {
      ...ONCALL_PROD,
      approvers: ['U0BOB'],
    },
    staging: {
      id: STAGING,
      alert_channel: 'C0STAGEALERT',
      operators: ['U0ALICE'],
      approval: { required_for: [] },
    },
  },
});

let cluster: RedisCluster;
let moto: Moto;
let bot: TestBot;
let keys: RedisKeys;

beforeAll(async () => {
  process.env.OPS_POLL_MS = '50';
  process.env.EC2BOT_ALERT_WINDOW_MS = '300';
  process.env.EC2BOT_ALERT_PACE_MS = '200';
  [cluster, moto] = await Promise.all([startRedisCluster({ shards: 3 }), startMoto()]);
  useMotoEnv(moto);
  bot = await startTestBot({
    name: 'cluster',
    config: CONFIG,
    env: { REDIS_URL: cluster.redisUrl, REDIS_CLUSTER: 'true' },
  });
  keys = redisKeys(bot.deps.keyPrefix);
}, 90_000);
afterAll(async () => {
  await bot?.close();
  await Promise.all([moto?.stop(), cluster?.stop()]);
});

const has = (c: SlackCall, s: string): boolean => JSON.stringify(c.body).includes(s);
const state = async (account: string, id: string): Promise<string | undefined> => {
  const ec2 = await moto.ec2(account, 'us-east-1');
  const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations?.[0]?.Instances?.[0]?.State?.Name;
};
const doneUpdate = (id: string) =>
  bot.slack.waitFor(
    (c) => c.find((x) => x.method === 'chat.update' && /done/.test(textOf(x.body)) && has(x, id)),
    30_000,
  );

it('runs on the cluster: the client is a Redis Cluster client and /healthz sees the worker', async () => {
  expect(bot.deps.redis).toBeInstanceOf(Cluster);
  // 503 until the cluster client has its slot map (and the worker its first beat): poll, do not sleep.
  const body = await until(async () => {
    const res = await fetch(`${bot.url}/healthz`);
    const b = res.status === 200 ? ((await res.json()) as { workers: { live: number } }) : undefined;
    return b && b.workers.live >= 1 ? b : undefined;
  }, 'healthz 200 with a live worker');
  expect(body.workers.live).toBeGreaterThanOrEqual(1);
});

it('alert: an alarm posted to the webhook reaches its channel once (replays dropped); OK updates it', async () => {
  // a real instance: the alert's buttons fit what the worker finds (an unknown id gets none)
  const [id] = (await moto.launch(PROD, 'us-east-1', { name: 'cluster-alarm' })) as [string];
  const alarm = alarmEvent({ instanceId: id, value: 'ALARM', at: new Date().toISOString() });
  const statuses = await Promise.all([1, 2, 3].map(() => postEvent(bot.url, alarm)));
  expect(statuses.map((s) => s.status)).toEqual([202, 202, 202]);
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)), 20_000);
  expect(post.body.text).toContain('<@U0ONCALL>');
  expect(buttonsOf(post).some((b) => b.text.startsWith('Recover'))).toBe(true);
  const ok = alarmEvent({ instanceId: id, value: 'OK', at: new Date(Date.now() + 1000).toISOString() });
  expect((await postEvent(bot.url, ok)).status).toBe(202);
  const update = await bot.slack.waitFor(
    (c) => c.find((x) => x.method === 'chat.update' && has(x, id)),
    20_000,
  );
  expect(update.body.text).toContain('resolved');
  expect(postsTo(bot.slack.calls, 'C0PRODALERT').filter((p) => has(p, id))).toHaveLength(1);
}, 60_000);

it('approval: /ec2 stop in prod waits for Approve; the approver presses it and the instance stops', async () => {
  const [id] = await moto.launch(PROD, 'us-east-1', { name: 'cluster-stop' });
  const ack = await bot.command('stop prod cluster-stop', { user: 'U0ALICE' });
  expect(ack.status).toBe(200);
  const plan = await bot.slack.waitFor(
    (c) =>
      c.find(
        (x) =>
          x.method === 'chat.postMessage' &&
          has(x, id!) &&
          elementsOf(x.body).some((e) => e.action_id === 'ec2.approval.approve'),
      ),
    30_000,
  );
  const approve = elementsOf(plan.body).find((e) => e.action_id === 'ec2.approval.approve');
  expect(await state(PROD, id!)).toBe('running');
  const press = await bot.action(
    buttonPayload({
      actionId: 'ec2.approval.approve',
      value: String(approve?.value),
      user: 'U0BOB',
      channel: String(plan.body.channel),
      ts: String(plan.ts),
      responseUrl: bot.slack.responseUrl(),
    }),
  );
  expect(press.status).toBe(200);
  const done = await doneUpdate(id!);
  expect(textOf(done.body)).toContain('approved by <@U0BOB>');
  expect(await state(PROD, id!)).toBe('stopped');
}, 60_000);

it('operation: /ec2 recover in staging (no approval) stops and starts the instance on moto', async () => {
  const [id] = await moto.launch(STAGING, 'us-east-1', { name: 'cluster-recover' });
  await moto.setStatus(STAGING, 'us-east-1', id!, { system: 'impaired', instance: 'ok' });
  await bot.command(`recover staging ${id}`, { user: 'U0ALICE' });
  await doneUpdate(id!);
  expect(await state(STAGING, id!)).toBe('running');
  const calls = (await bot.deps.audit.recent(100)).filter(
    (e) => e.instanceId === id && e.kind === 'aws-call',
  );
  const actions = calls.map((e) => e.action);
  expect(actions.filter((a) => a === 'StopInstances')).toHaveLength(1);
  expect(actions.filter((a) => a === 'StartInstances')).toHaveLength(1);
}, 60_000);

it('keys: every key on every shard carries the installation tag; keys and queues spread over shards', async () => {
  const perShard: string[][] = [];
  for (const port of cluster.ports) {
    const node = new IORedis({ port, host: '127.0.0.1' });
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    perShard.push(found);
    node.disconnect();
  }
  const all = perShard.flat();
  expect(all.length).toBeGreaterThan(20);
  const tagOf = (k: string) => /^\{([^{}]+)\}/.exec(k)?.[1];
  expect(all.filter((k) => !tagOf(k)?.startsWith(`${bot.deps.keyPrefix}:`))).toEqual([]);
  expect(perShard.filter((s) => s.length > 0).length).toBe(3);
  // Four queues, four tags: they do not all share one slot.
  const slots = new Set<number>();
  const probe = new IORedis({ port: cluster.ports[0], host: '127.0.0.1' });
  for (const q of ['query', 'ops', 'alerts', 'schedules'])
    slots.add(Number(await probe.cluster('KEYSLOT', keys.queue(q))));
  probe.disconnect();
  expect(slots.size).toBe(4);
  expect(bot.logs.filter((l) => /CROSSSLOT|MOVED|ASK /.test(l))).toEqual([]);
});
