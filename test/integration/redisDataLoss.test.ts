import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { accountsYaml, PROD, PROD_ONLY_SPEC, withChanges } from '../helpers/accountsConfig';
import { type Bed, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import { Ec2Faults } from '../helpers/ec2Faults';
import type { SlackCall } from '../helpers/fakeSlack';
import { openWindow } from '../helpers/maintenanceWindow';
import type { Moto } from '../helpers/moto';
import { approvalMessage, approve, textOf, until } from '../helpers/ops';
import { loseRedisData, type RedisNode, startRedisServer } from '../helpers/redisCluster';

/**
 * Redis restarted without persistence while a recover is between its stop and its start (issue 25).
 * The bot (web + worker, in-process) runs against its OWN redis-server on a free port — the shared one
 * at 6379 is never touched — which gets `SHUTDOWN NOSAVE` and is started again, empty, on the same
 * port. The recover's job is held right after StopInstances (an EC2 middleware hook, released only at
 * the end), so the instance coming back cannot be the held job's doing: it is the data-loss recovery's.
 */
jest.setTimeout(240_000);

const REGION = 'us-east-1';
const CONFIG = accountsYaml(
  withChanges(PROD_ONLY_SPEC, {
    accounts: {
      prod: {
        snapshots: { create: true, daily_days: 7, monthly_months: 3, schedule: '0 3 * * *' },
        maintenance: { tz: 'UTC', windows: [openWindow(0)], digest: { day: 'Mon', time: '09:00' } },
      },
    },
  }),
);

const dir = mkdtempSync(path.join(tmpdir(), 'ec2bot-data-loss-'));
let moto: Moto;
let redis: RedisNode;
let bot: TestBot;
let bed: Bed | undefined;
const faults = new Ec2Faults();

beforeAll(async () => {
  redis = await startRedisServer(dir, []);
  bed = await startBed({
    name: 'data-loss',
    config: CONFIG,
    env: { REDIS_URL: `redis://127.0.0.1:${redis.port}` },
    aws: { onClient: faults.onClient },
  });
  ({ moto, bot } = bed);
});
afterAll(async () => {
  await bed?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const state = async (id: string) => {
  const ec2 = await moto.ec2(PROD, REGION);
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations![0]!.Instances![0]!.State?.Name;
};

const WANTED = ['snapshots:prod', 'maintenance-digest:prod', 'ops-sweep'];
/** Every scheduler the config asks for is in BullMQ. */
const schedulersThere = async (): Promise<boolean> => {
  const keys = (await bot.deps.queues.get('schedules').getJobSchedulers(0, -1)).map((s) => s.key);
  return WANTED.every((k) => keys.includes(k));
};

/** The next run of each scheduler: a delayed job in BullMQ, named after the job it runs. */
const nextRuns = async (): Promise<string[]> =>
  (await bot.deps.queues.get('schedules').getJobs(['delayed'])).map((j) => j.name);

const posted = (channel: string, re: RegExp) => (calls: SlackCall[]) =>
  calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === channel && re.test(textOf(c.body)));

it('Redis lost between a recover’s stop and start: running again within 60 s, channels told, approval marked, schedulers back', async () => {
  await until(schedulersThere, 'schedulers at start');
  const [doomed] = await moto.launch(PROD, REGION, { name: 'web-amnesia' });
  const [waiting] = await moto.launch(PROD, REGION, { name: 'batch-waiting' });

  // Before the loss: a stop waiting for approval in another channel, a maintenance plan, and a recover.
  await bot.command(`stop prod ${waiting}`, { user: 'U0ALICE', channel: 'C0OPS' });
  const pending = await approvalMessage(bot, waiting!);
  await bot.command('maintenance plan prod', { user: 'U0ALICE', channel: 'C0PRODALERT' });
  const plan = await bot.slack.waitFor(posted('C0PRODALERT', /Maintenance plan — prod/), 60_000);
  let held = false;
  let release = () => {};
  const released = new Promise<void>((r) => {
    release = r;
  });
  faults.afterCall('StopInstancesCommand', async () => {
    held = true;
    await released; // the recover's job sits between its stop and its start until the test ends
  });
  await bot.command(`recover prod ${doomed}`, { user: 'U0ALICE', channel: 'C0PRODALERT' });
  const approval = await approvalMessage(bot, doomed!);
  await approve(bot, approval, 'U0BOB');
  await until(async () => held, 'the recover held right after its stop', 60_000);
  await until(async () => ((await state(doomed!)) === 'stopped' ? true : undefined), 'the instance stopped');

  redis = await loseRedisData(dir, redis);
  const back = Date.now();
  await until(
    async () => ((await state(doomed!)) === 'running' ? true : undefined),
    'the instance running again',
    60_000,
  );
  expect(Date.now() - back).toBeLessThan(60_000);

  // One notice in the recover's channel: what was in flight, then what the bot did with it.
  const notice = await bot.slack.waitFor(posted('C0PRODALERT', /Redis lost its data/), 30_000);
  expect(textOf(notice.body)).toContain(`*recover* of web-amnesia (${doomed})`);
  const settled = await bot.slack.waitFor(
    (calls) =>
      calls.find(
        (c) => c.method === 'chat.update' && c.body.ts === notice.ts && /: finished/.test(textOf(c.body)),
      ),
    60_000,
  );
  expect(textOf(settled.body)).toMatch(/the instance is now \*running/);
  expect(textOf(settled.body)).toContain('planned afresh');

  // The approval still pending in the other channel: its message says it was lost, and so does its button.
  const marked = await bot.slack.waitFor(
    (calls) =>
      calls.find(
        (c) => c.method === 'chat.update' && c.body.ts === pending.ts && /was lost/.test(textOf(c.body)),
      ),
    30_000,
  );
  expect(JSON.stringify(marked.body.blocks)).not.toContain('ec2.approval.approve');
  const lostNotice = await bot.slack.waitFor(posted('C0OPS', /Redis lost its data/), 30_000);
  expect(textOf(lostNotice.body)).toContain(`stop of batch-waiting (${waiting}) in prod`);
  const responseUrl = bot.slack.responseUrl();
  await approve(bot, pending, 'U0BOB', responseUrl);
  const answer = await bot.slack.waitFor((calls) =>
    calls.find((c) => c.method === 'response_url' && responseUrl.endsWith(`/${c.responseId}`)),
  );
  expect(textOf(answer.body)).toContain('This request was lost');
  expect(await state(waiting!)).toBe('running');

  // The maintenance plan is planned afresh (a new message), the old one says why in its thread.
  await bot.slack.waitFor(
    (calls) =>
      calls.find(
        (c) =>
          c.method === 'chat.postMessage' && c.body.thread_ts === plan.ts && /fresh plan/.test(c.body.text),
      ),
    30_000,
  );
  await bot.slack.waitFor(
    (calls) => calls.filter((c) => posted('C0PRODALERT', /Maintenance plan — prod/)([c])).length === 2,
    60_000,
  );

  // Every scheduler is back, each with its next run waiting in BullMQ.
  await until(schedulersThere, 'schedulers back', 30_000);
  const next = await nextRuns();
  expect(next).toEqual(expect.arrayContaining(['snapshots-scheduled', 'maintenance-digest', 'ops-sweep']));

  // The held job, let go, finds its record gone and leaves the instance alone: no "failed" on the plan.
  release();
  await until(async () => ((await state(doomed!)) === 'running' ? true : undefined), 'still running');
  const result = await bot.slack.waitFor((calls) =>
    calls.find(
      (c) => c.method === 'chat.update' && c.body.ts === approval.ts && /— done/.test(textOf(c.body)),
    ),
  );
  expect(result).toBeDefined();
  expect(
    bot.slack.calls.some(
      (c) => c.method === 'chat.update' && c.body.ts === approval.ts && /— failed/.test(textOf(c.body)),
    ),
  ).toBe(false);
});
