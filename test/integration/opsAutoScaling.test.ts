/**
 * Auto Scaling group members through the real bot on moto (issue 20 point 3): a stop, recover, resize,
 * force stop or start of a member never stops it bare — standby around the stop + start (at the group's
 * minimum: without decrement), replace through the group, leave refuses, roll back to service, and resume
 * after a worker crash without entering standby twice. moto implements the groups, EnterStandby/ExitStandby and TerminateInstanceInAutoScalingGroup; the
 * launcher adds AWS's refusal to decrement below the minimum and the trim after a standby without decrement
 * (test/helpers/moto_launcher.py).
 */
import {
  type AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  EnterStandbyCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, DescribeInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { parse, stringify } from 'yaml';
import type { ServiceClient } from '../../src/aws/clients';
import { startWorker, type WorkerHandle } from '../../src/worker';
import { EUROPE, roleArn } from '../helpers/accountsConfig';
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

/** The ops accounts plus `parked`, whose Auto Scaling mode is leave (no approval needed there). */
const PARKED = EUROPE;
const CONFIG = (() => {
  const c = parse(OPS_CONFIG);
  c.accounts.parked = {
    id: PARKED,
    role_arn: roleArn(PARKED),
    regions: [R],
    alert_channel: 'C0PARKED',
    operators: ['U0ALICE'],
    approvers: ['U0ALICE'],
    approval: { required_for: [], self_approve: true },
    maintenance: { windows: ['Sun 02:00-06:00'], asg: 'leave' },
  };
  return stringify(c);
})();
const ACCOUNT_IDS: Record<string, string> = { prod: PROD, staging: STAGING, parked: PARKED };

/** Auto Scaling calls the bot sent, by command (counted where the request leaves the client). */
const asgCalls: Record<string, number> = {};
/**
 * The member's lifecycle in its group at the moment the bot sent each EC2 stop, type change and start
 * (read from moto before the call goes out): a bare stop shows as anything but Standby.
 */
const lifecycleAt: { cmd: string; id: string; lifecycle: string }[] = [];
const lifecycleNow = async (account: string, id: string): Promise<string> => {
  const asg = await moto.autoScaling(account, R);
  const out = await asg.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [id] }));
  return out.AutoScalingInstances?.[0]?.LifecycleState ?? 'not in a group';
};
const WATCHED = new Set(['StopInstancesCommand', 'ModifyInstanceAttributeCommand', 'StartInstancesCommand']);
const watchEc2 = (client: ServiceClient, key: { account: string; service: string }): void => {
  const account = ACCOUNT_IDS[key.account];
  if (key.service !== 'ec2' || !account) return;
  (client as EC2Client).middlewareStack.add(
    (next, context) => async (args) => {
      const cmd = String(context.commandName);
      const input = args.input as { InstanceIds?: string[]; InstanceId?: string; DryRun?: boolean };
      if (WATCHED.has(cmd) && !input.DryRun)
        for (const id of input.InstanceIds ?? [input.InstanceId ?? ''])
          lifecycleAt.push({ cmd, id, lifecycle: await lifecycleNow(account, id) });
      return next(args);
    },
    { step: 'initialize', name: 'lifecycleAt' },
  );
};
/** What the member was in its group at each watched EC2 call, in order. */
const callsOn = (id: string) => lifecycleAt.filter((c) => c.id === id).map((c) => `${c.cmd}:${c.lifecycle}`);

const countAsg = (client: ServiceClient, key: { account: string; service: string }): void => {
  watchEc2(client, key);
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
  bot = await startTestBot({
    name: 'ops-asg',
    config: CONFIG,
    aws: { onClient: countAsg },
    // A stop still `stopping` after this long is stuck (10 min in production).
    env: { OPS_STOP_STUCK_MS: '600' },
  });
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
/**
 * Presses the failed run's Force stop + start (as U0ALICE); its plan goes in the failed run's thread and
 * its result replaces the plan: returns both.
 */
async function forceStopAndStart(failed: SlackCall): Promise<{ plan: SlackCall; done: SlackCall }> {
  const force = elementsOf(failed.body).find((e) => e.text?.text === 'Force stop + start');
  expect(force).toBeDefined();
  bot.slack.clear();
  await press(String(force!.action_id), String(force!.value), 'U0ALICE', {
    channel: failed.body.channel,
    ts: failed.body.ts,
  });
  const plan = await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.postMessage' && textOf(x.body).includes('Force stop + start')),
  );
  const done = await bot.slack.waitFor(
    (c) => c.find((x) => x.method === 'chat.update' && x.body.ts === plan.ts && /done/.test(textOf(x.body))),
    30_000,
  );
  return { plan, done };
}

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

const typeOf = async (account: string, id: string) => {
  const ec2 = await moto.ec2(account, R);
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations?.[0]?.Instances?.[0]?.InstanceType;
};

describe('resize of a member', () => {
  it('standby around the stop + type change + start, with approval: InService at the end on the new type, never stopped bare', async () => {
    const [id, other] = await makeGroup(PROD, 'grow', { min: 1, desired: 2 });
    await bot.command(`resize prod ${id} t3.small`, { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id!);
    const plan = bot.slack.callsOf('chat.postMessage').find((c) => textOf(c.body).includes(msg.approvalId))!;
    const planText = textOf(plan.body);
    expect(planText).toContain('EnterStandby in Auto Scaling group grow (ShouldDecrementDesiredCapacity');
    expect(planText).toContain('ExitStandby: back in service in grow');
    expect(planText).toContain('put back in service once all three status checks pass');
    // the generic "put it in standby first: aws autoscaling enter-standby …" advice is gone: the bot does it
    expect(planText).not.toContain('aws autoscaling enter-standby');
    const approve = elementsOf(plan.body).find((e) => e.action_id === 'ec2.approval.approve');
    expect(approve?.confirm?.text?.text).toContain('takes it out of Auto Scaling group grow (standby) first');

    await press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg);
    const done = await resultOf(id!, /done/, 60_000);
    const text = textOf(done.body);
    expect(text).toContain(`Resized \`${id}\`: t3.micro → t3.small; all three status checks pass`);
    expect(text).toContain('Back in service in Auto Scaling group grow: 2 of 2 desired InService');
    // the stop, the type change (and ENA attribute) and the start all happened while it was in standby
    const calls = callsOn(id!);
    expect(calls[0]).toBe('StopInstancesCommand:Standby');
    expect(calls).toContain('ModifyInstanceAttributeCommand:Standby');
    expect(calls.at(-1)).toBe('StartInstancesCommand:Standby');
    expect(calls.every((c) => c.endsWith(':Standby'))).toBe(true);
    expect(await typeOf(PROD, id!)).toBe('t3.small');
    expect(await state(PROD, id!)).toBe('running');
    const g = await groupNow(PROD, 'grow');
    expect(g.desired).toBe(2);
    expect(g.members.map((m) => m.id).sort()).toEqual([id, other].sort());
    expect(g.members.every((m) => m.lifecycle === 'InService')).toBe(true);
  }, 90_000);

  it('a group at its minimum: standby without decrement, said on the plan; the member ends InService resized', async () => {
    const [id] = await makeGroup(STAGING, 'tightr', { min: 2, desired: 2 });
    await bot.command(`resize staging ${id} t3.small`, { user: 'U0ALICE' });
    const plan = await planPost(id!);
    expect(textOf(plan.body)).toContain('EnterStandby in Auto Scaling group tightr without decrement');
    expect(textOf(plan.body)).toContain('group tightr is at its minimum size (2): it cannot shrink');
    const done = await resultOf(id!, /done/, 60_000);
    expect(textOf(done.body)).toContain('entered standby without decrement');
    expect(callsOn(id!)[0]).toBe('StopInstancesCommand:Standby');
    const g = await groupNow(STAGING, 'tightr');
    expect(g.desired).toBe(2);
    expect(g.members).toHaveLength(2);
    expect(g.members.find((m) => m.id === id)?.lifecycle).toBe('InService');
    expect(await typeOf(STAGING, id!)).toBe('t3.small');
  }, 90_000);

  it('Auto Scaling mode leave: resize and force stop are refused with the reason; nothing changes', async () => {
    const [id] = await makeGroup(PARKED, 'kept', { min: 1, desired: 2 });
    for (const cmd of [`resize parked ${id} t3.small`, `force-stop parked ${id}`]) {
      bot.slack.clear();
      await bot.command(cmd, { user: 'U0ALICE' });
      const refused = await bot.slack.waitFor((c) =>
        c.find((x) => textOf(x.body).includes(id!) && textOf(x.body).includes('mode is leave')),
      );
      expect(textOf(refused.body)).toContain(
        'a bare stop makes the group mark it unhealthy and replace it (terminate it) — ask again with --standby',
      );
    }
    expect(callsOn(id!)).toEqual([]);
    expect(await state(PARKED, id!)).toBe('running');
    expect(await lifecycleOf(PARKED, 'kept', id!)).toBe('InService');
  });
});

describe('force stop of a member', () => {
  it('enters standby first and stays there, stopped', async () => {
    const [id] = await makeGroup(STAGING, 'halt', { min: 1, desired: 2 });
    await bot.command(`force-stop staging ${id}`, { user: 'U0ALICE' });
    const plan = await planPost(id!);
    expect(textOf(plan.body)).toContain('EnterStandby in Auto Scaling group halt');
    const done = await resultOf(id!, /done/);
    expect(textOf(done.body)).toContain('stopped (forced)');
    expect(textOf(done.body)).toContain('In standby in Auto Scaling group halt');
    expect(callsOn(id!)).toEqual(['StopInstancesCommand:Standby']);
    expect(await state(STAGING, id!)).toBe('stopped');
    expect(await lifecycleOf(STAGING, 'halt', id!)).toBe('Standby');
    expect((await groupNow(STAGING, 'halt')).desired).toBe(1);
  });

  it("a recover's stop that hangs offers Force stop + start: forced, started, all three checks, back in service", async () => {
    const [id] = await makeGroup(STAGING, 'hung', { min: 1, desired: 2 });
    await moto.setBehaviour(STAGING, R, id!, { stop: 'stuck' });
    await bot.command(`recover staging ${id}`, { user: 'U0ALICE' });
    const failed = await resultOf(id!, /looks stuck/, 30_000);
    // rolled back: not running, so it stays in standby (leaving would get it replaced) — and still offered
    expect(textOf(failed.body)).toContain('Left in standby in Auto Scaling group hung');
    expect(await state(STAGING, id!)).toBe('stopping');
    const force = elementsOf(failed.body).find((e) => e.text?.text === 'Force stop + start');
    expect(force?.confirm?.text?.text).toContain('then StartInstances and all three status checks');
    const { plan, done } = await forceStopAndStart(failed);
    expect(textOf(plan.body)).toContain(`${id} is already in standby in hung: not entered again`);
    expect(textOf(plan.body)).toContain(
      'wait until all three status checks pass (system, instance, attached EBS)',
    );
    const text = textOf(done.body);
    expect(text).toContain(
      'stopped (forced) and started again: running, all three status checks pass (system ok, instance ok, attached EBS ok)',
    );
    expect(text).toContain('Back in service in Auto Scaling group hung: 2 of 2 desired InService');
    expect(callsOn(id!)).toEqual([
      'StopInstancesCommand:Standby',
      'StopInstancesCommand:Standby',
      'StartInstancesCommand:Standby',
    ]);
    expect(await lifecycleOf(STAGING, 'hung', id!)).toBe('InService');
    expect(await state(STAGING, id!)).toBe('running');
    await moto.setBehaviour(STAGING, R, id!, { stop: 'normal' });
  }, 60_000);
});

describe('a resize whose stop hangs', () => {
  it('rolls back before the type change, offers Force stop + start, which brings the member back InService on its old type', async () => {
    const [id] = await makeGroup(STAGING, 'slow', { min: 1, desired: 2 });
    await moto.setBehaviour(STAGING, R, id!, { stop: 'stuck' });
    await bot.command(`resize staging ${id} t3.small`, { user: 'U0ALICE' });
    const failed = await resultOf(id!, /looks stuck/, 30_000);
    const text = textOf(failed.body);
    expect(text).toContain('Resize stopped before the type change');
    expect(text).toContain('The type is still t3.micro');
    expect(text).toContain('Left in standby in Auto Scaling group slow');
    const { done } = await forceStopAndStart(failed);
    expect(textOf(done.body)).toContain('all three status checks pass');
    expect(textOf(done.body)).toContain('Back in service in Auto Scaling group slow');
    expect(callsOn(id!).every((c) => c.endsWith(':Standby'))).toBe(true);
    expect(await typeOf(STAGING, id!)).toBe('t3.micro');
    expect(await lifecycleOf(STAGING, 'slow', id!)).toBe('InService');
    await moto.setBehaviour(STAGING, R, id!, { stop: 'normal' });
  }, 60_000);
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
