/**
 * Auto Scaling group members through the real bot on moto (issue 20 point 3): a stop, recover or start of a
 * member never stops it bare — standby around the stop + start (at the group's minimum: without decrement),
 * replace through the group, roll back to service, and resume after a worker crash without entering standby
 * twice. moto implements the groups, EnterStandby/ExitStandby and TerminateInstanceInAutoScalingGroup; the
 * launcher adds AWS's refusal to decrement below the minimum and the trim after a standby without decrement
 * (test/helpers/moto_launcher.py).
 */
import {
  type AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  EnterStandbyCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import type { ServiceClient } from '../../src/aws/clients';
import { startWorker, type WorkerHandle } from '../../src/worker';
import { startTestBot, type TestBot } from '../helpers/bot';
import { type CrashWorker, startCrashWorker } from '../helpers/crashWorker';
import type { SlackCall } from '../helpers/fakeSlack';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { approvalMessage, elementsOf, textOf, until } from '../helpers/ops';
import { OPS_CONFIG, opsHelpers, PROD, STAGING } from '../helpers/opsBed';
import { REDIS_URL } from '../helpers/redis';

const R = 'us-east-1';
let moto: Moto;
let bot: TestBot;

/** Auto Scaling calls the bot sent, by command (counted where the request leaves the client). */
const asgCalls: Record<string, number> = {};
const countAsg = (client: ServiceClient, key: { service: string }): void => {
  if (key.service !== 'autoscaling') return;
  (client as AutoScalingClient).middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      asgCalls[name] = (asgCalls[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 'countAsg' },
  );
};

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({ name: 'ops-asg', config: OPS_CONFIG, aws: { onClient: countAsg } });
}, 120_000);
afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});
beforeEach(() => bot.slack.clear());

const { state, press } = opsHelpers(() => ({ bot, moto }));

/** A group launched by moto from its own launch template; returns its instance ids. */
async function makeGroup(account: string, name: string, s: { min: number; desired: number }) {
  const ec2 = await moto.ec2(account, R);
  await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: `lt-${name}`,
      LaunchTemplateData: { ImageId: 'ami-12c6146b', InstanceType: 't3.micro' },
    }),
  );
  const asg = await moto.autoScaling(account, R);
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchTemplate: { LaunchTemplateName: `lt-${name}` },
      MinSize: s.min,
      MaxSize: 6,
      DesiredCapacity: s.desired,
      AvailabilityZones: ['us-east-1a'],
    }),
  );
  return (await groupNow(account, name)).members.map((m) => m.id);
}

async function groupNow(account: string, name: string) {
  const asg = await moto.autoScaling(account, R);
  const out = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  const g = out.AutoScalingGroups![0]!;
  return {
    desired: g.DesiredCapacity,
    members: (g.Instances ?? []).map((i) => ({ id: i.InstanceId!, lifecycle: i.LifecycleState })),
  };
}

const lifecycleOf = async (account: string, group: string, id: string) =>
  (await groupNow(account, group)).members.find((m) => m.id === id)?.lifecycle;

/** The result (chat.update or post) of an operation on `id` whose text matches `re`. */
const resultOf = (id: string, re: RegExp, timeoutMs?: number): Promise<SlackCall> =>
  bot.slack.waitFor(
    (c) =>
      c.find(
        (x) =>
          (x.method === 'chat.update' || x.method === 'chat.postMessage') &&
          !x.body.thread_ts &&
          textOf(x.body).includes(id) &&
          re.test(textOf(x.body)),
      ),
    timeoutMs,
  );

/** Progress lines posted in the thread of `ts`. */
const threadOf = (ts: string): string =>
  bot.slack
    .callsOf('chat.postMessage')
    .filter((c) => c.body.thread_ts === ts)
    .map((c) => String(c.body.text))
    .join('\n');

/** The plan message (the first post naming the instance, not in a thread). */
const planPost = (id: string) =>
  bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.postMessage' && !x.body.thread_ts && textOf(x.body).includes(id)),
  );

describe('standby around the stop + start', () => {
  it('recover of a member: the plan and the confirm say standby first; it ends InService, nothing replaced', async () => {
    const [id, other] = await makeGroup(PROD, 'web', { min: 1, desired: 2 });
    await bot.command(`recover prod ${id}`, { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id!);
    const plan = bot.slack.callsOf('chat.postMessage').find((c) => textOf(c.body).includes(msg.approvalId))!;
    expect(textOf(plan.body)).toContain(
      'EnterStandby in Auto Scaling group web (ShouldDecrementDesiredCapacity',
    );
    expect(textOf(plan.body)).toContain('ExitStandby: back in service in web');
    const approve = elementsOf(plan.body).find((e) => e.action_id === 'ec2.approval.approve');
    expect(approve?.confirm?.text?.text).toContain('takes it out of Auto Scaling group web (standby) first');

    await press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg);
    const done = await resultOf(id!, /done/);
    expect(textOf(done.body)).toContain(
      'Back in service in Auto Scaling group web: 2 of 2 desired InService',
    );
    expect(textOf(done.body)).toContain(
      'all three status checks pass (system ok, instance ok, attached EBS ok)',
    );
    await until(async () => threadOf(msg.ts).includes('back in service in web'), 'thread lines');
    const thread = threadOf(msg.ts);
    expect(thread).toContain('in standby in web (desired capacity 2 → 1)');
    expect(thread).toMatch(/stop requested[\s\S]*start requested[\s\S]*all three status checks pass/);
    const g = await groupNow(PROD, 'web');
    expect(g.desired).toBe(2);
    expect(g.members.map((m) => m.id).sort()).toEqual([id, other].sort());
    expect(g.members.every((m) => m.lifecycle === 'InService')).toBe(true);
    expect(await state(PROD, id!)).toBe('running');
  });

  it('a group at its minimum: the plan says it cannot decrement; standby without it, the replacement is trimmed after', async () => {
    const [id] = await makeGroup(STAGING, 'tight', { min: 2, desired: 2 });
    await bot.command(`recover staging ${id}`, { user: 'U0ALICE' });
    const plan = await planPost(id!);
    expect(textOf(plan.body)).toContain('EnterStandby in Auto Scaling group tight without decrement');
    expect(textOf(plan.body)).toContain('group tight is at its minimum size (2): it cannot shrink');
    const done = await resultOf(id!, /done/);
    expect(textOf(done.body)).toContain('entered standby without decrement');
    // AWS would have refused EnterStandby with decrement (the launcher does too): none failed.
    const g = await groupNow(STAGING, 'tight');
    expect(g.desired).toBe(2);
    expect(g.members).toHaveLength(2);
    expect(g.members.find((m) => m.id === id)?.lifecycle).toBe('InService');
  });

  it('the launcher refuses a decrement below the minimum, as AWS does', async () => {
    const [id] = await makeGroup(STAGING, 'floor', { min: 1, desired: 1 });
    const asg = await moto.autoScaling(STAGING, R);
    await expect(
      asg.send(
        new EnterStandbyCommand({
          AutoScalingGroupName: 'floor',
          InstanceIds: [id!],
          ShouldDecrementDesiredCapacity: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('stop leaves the member stopped in standby; start puts it back in service', async () => {
    const [id] = await makeGroup(STAGING, 'park', { min: 1, desired: 2 });
    await bot.command(`stop staging ${id}`, { user: 'U0ALICE' });
    const stopped = await resultOf(id!, /done/);
    expect(textOf(stopped.body)).toContain('In standby in Auto Scaling group park');
    expect(await state(STAGING, id!)).toBe('stopped');
    expect(await lifecycleOf(STAGING, 'park', id!)).toBe('Standby');

    bot.slack.clear();
    await bot.command(`start staging ${id}`, { user: 'U0ALICE' });
    const plan = await planPost(id!);
    expect(textOf(plan.body)).toContain('ExitStandby: back in service in park');
    const started = await resultOf(id!, /done/);
    expect(textOf(started.body)).toContain('Back in service in Auto Scaling group park: 2 of 2 desired');
    expect(await lifecycleOf(STAGING, 'park', id!)).toBe('InService');
  });

  it('a start refused for capacity rolls back: a stopped member stays in standby (leaving would get it replaced)', async () => {
    const [id] = await makeGroup(STAGING, 'cap', { min: 1, desired: 2 });
    await moto.setBehaviour(STAGING, R, id!, { startError: 'InsufficientInstanceCapacity' });
    await bot.command(`recover staging ${id}`, { user: 'U0ALICE' });
    const failed = await resultOf(id!, /rolled back/);
    const text = textOf(failed.body);
    expect(text).toContain('AWS has no capacity');
    expect(text).toContain('Left in standby in Auto Scaling group cap (not running)');
    expect(await lifecycleOf(STAGING, 'cap', id!)).toBe('Standby');
    await moto.setBehaviour(STAGING, R, id!, { startError: null });
  });
});

describe('buttons on a member', () => {
  it('/ec2 events: Stop/Start now on a member confirms the standby first', async () => {
    const [id] = await makeGroup(PROD, 'evt', { min: 1, desired: 2 });
    const soon = new Date(Date.now() + 48 * 3600_000).toISOString();
    await moto.injectEvents(PROD, R, id!, [{ Code: 'instance-stop', NotBefore: soon }]);
    const res = await bot.command('events prod us-east-1', { user: 'U0ALICE' });
    const answer = await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'response_url' && x.responseId === res.responseUrl.split('/').pop()),
    );
    const blocks = answer.body.blocks as Record<string, any>[];
    const n = blocks.findIndex((b) => b.type === 'section' && String(b.text?.text).includes(id!));
    const stopStart = ((blocks[n + 1]?.elements ?? []) as Record<string, any>[]).find(
      (e) => e.text.text === 'Stop/Start now',
    );
    expect(stopStart?.confirm?.text?.text).toContain(
      'takes it out of Auto Scaling group evt (standby) first',
    );
    await moto.injectEvents(PROD, R, id!, []);
  });
});

describe('replace through the group', () => {
  it('--replace terminates the member without decrement and ends when the group is back at desired, all InService', async () => {
    const original = await makeGroup(STAGING, 'swap', { min: 1, desired: 2 });
    const id = original[0];
    await bot.command(`recover staging ${id} --replace`, { user: 'U0ALICE' });
    const plan = await planPost(id!);
    expect(textOf(plan.body)).toContain('TerminateInstanceInAutoScalingGroup');
    const done = await resultOf(id!, /done/);
    const g = await groupNow(STAGING, 'swap');
    const fresh = g.members.map((m) => m.id).filter((m) => !original.includes(m));
    expect(fresh).toHaveLength(1);
    expect(g.members.map((m) => m.id)).not.toContain(id);
    expect(g.members.every((m) => m.lifecycle === 'InService')).toBe(true);
    expect(g.desired).toBe(2);
    expect(textOf(done.body)).toContain(
      `Replaced through Auto Scaling group swap: ${id} terminated, new ${fresh[0]}`,
    );
    expect(textOf(done.body)).toContain('2 of 2 desired InService');
    expect(await state(STAGING, id!)).toBe('terminated');
  });
});

describe('a worker killed right after EnterStandby', () => {
  let crashBot: TestBot;
  let child: CrashWorker | undefined;
  let worker: WorkerHandle | undefined;
  let queryWorker: WorkerHandle | undefined;
  afterAll(async () => {
    child?.kill();
    await worker?.close();
    await queryWorker?.close();
    await crashBot?.close();
  });

  it('resumes on another worker: no second EnterStandby, one ExitStandby, InService at the end', async () => {
    crashBot = await startTestBot({
      name: 'ops-asg-crash',
      config: OPS_CONFIG,
      worker: false,
      aws: { onClient: countAsg },
    });
    child = await startCrashWorker(crashBot, OPS_CONFIG, 'EnterStandbyCommand');
    queryWorker = startWorker(crashBot.deps, { redisUrl: REDIS_URL, queues: ['query'] });

    const [id] = await makeGroup(STAGING, 'crash', { min: 1, desired: 2 });
    await crashBot.command(`recover staging ${id}`, { user: 'U0ALICE' });
    await child.crashAndKill();
    expect(await lifecycleOf(STAGING, 'crash', id!)).toBe('Standby');

    const before = { enter: asgCalls.EnterStandbyCommand ?? 0, exit: asgCalls.ExitStandbyCommand ?? 0 };
    worker = startWorker(crashBot.deps, {
      redisUrl: REDIS_URL,
      queues: ['ops'],
      timing: { lockDuration: 2000, stalledInterval: 500 },
    });
    await crashBot.slack.waitFor(
      (c) =>
        c.find(
          (x) => x.method === 'chat.update' && textOf(x.body).includes(id!) && /done/.test(textOf(x.body)),
        ),
      30_000,
    );
    expect((asgCalls.EnterStandbyCommand ?? 0) - before.enter).toBe(0);
    expect((asgCalls.ExitStandbyCommand ?? 0) - before.exit).toBe(1);
    expect(await lifecycleOf(STAGING, 'crash', id!)).toBe('InService');
    expect(await state(STAGING, id!)).toBe('running');
  }, 90_000);
});
