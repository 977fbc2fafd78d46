import { CreateTagsCommand, DescribeInstancesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { accountsYaml, PROD, STAGING } from '../helpers/accountsConfig';
import { type Bed, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import { Ec2Faults } from '../helpers/ec2Faults';
import { FakeHealth } from '../helpers/fakeHealth';
import type { SlackCall } from '../helpers/fakeSlack';
import { openWindow } from '../helpers/maintenanceWindow';
import type { Moto } from '../helpers/moto';
import { buttonPayload, elementsOf, textOf, until } from '../helpers/ops';

/**
 * `/ec2 maintenance plan all` through the real bot (issue 16, point 5): signed requests to the Bolt
 * receiver, the worker on real Redis, moto via the launcher (scheduled events, ModifyInstanceEventStartTime,
 * the stop that completes an instance-stop event), fake Slack. prod has an Auto Scaling group of three with
 * instance-stop events (stop + start before AWS acts); staging a `service=pay` tag group of two with
 * instance-reboot events that have a deadline (moved into the window). max_unavailable 1 in both.
 * The window is built around the real clock so it is open now. Faults: the SDK middleware of
 * test/helpers/ec2Faults.ts (moto cannot refuse a call on demand).
 */

const REGION = 'us-east-1';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const config = (): string =>
  accountsYaml({
    defaults: {
      regions: [REGION],
      maintenance: {
        tz: 'UTC',
        windows: [openWindow()],
        groups: { by: ['asg', 'tag:service'], max_unavailable: 1 },
        wave_minutes: 10,
      },
    },
    accounts: {
      prod: { id: PROD, alert_channel: 'C0PRODALERT', operators: ['U0ALICE'], approvers: ['U0BOB'] },
      staging: { id: STAGING, alert_channel: 'C0STAGEALERT', operators: ['U0ALICE'], approvers: ['U0CAROL'] },
    },
  });

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
const health = new FakeHealth();
const faults = new Ec2Faults();
const asg: string[] = [];
const pay: string[] = [];

async function launch(account: string, n: number, tags: Record<string, string>): Promise<string[]> {
  const ec2 = await moto.ec2(account, REGION);
  const out = await ec2.send(
    new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType: 'm5.large', MinCount: n, MaxCount: n }),
  );
  const ids = out.Instances!.map((i) => i.InstanceId!);
  // moto accepts the aws:autoscaling:groupName tag that an Auto Scaling group puts on its instances
  await ec2.send(
    new CreateTagsCommand({
      Resources: ids,
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  return ids;
}

beforeAll(async () => {
  bed = await startBed({ name: 'maintenance', config: config(), health, aws: { onClient: faults.onClient } });
  ({ moto, bot } = bed);
  asg.push(...(await launch(PROD, 3, { 'aws:autoscaling:groupName': 'web', Name: 'web' })));
  for (const id of asg)
    await moto.injectEvents(PROD, REGION, id, [
      { Code: 'instance-stop', NotBefore: new Date(Date.now() + 3 * DAY).toISOString() },
    ]);
  pay.push(...(await launch(STAGING, 2, { service: 'pay', Name: 'pay' })));
  for (const [n, id] of pay.entries())
    await moto.injectEvents(STAGING, REGION, id, [
      {
        Code: 'instance-reboot',
        InstanceEventId: `instance-event-0ab00000${n}`,
        NotBefore: new Date(Date.now() + 2 * DAY).toISOString(),
        NotAfter: new Date(Date.now() + 2 * DAY + 60 * 60_000).toISOString(), // AWS may act for an hour
        NotBeforeDeadline: new Date(Date.now() + 5 * DAY).toISOString(),
      },
    ]);
}, 120_000);
afterAll(() => bed?.close());

const planPost = (calls: SlackCall[]) =>
  calls.find((c) => c.method === 'chat.postMessage' && textOf(c.body).includes('Maintenance plan'));

async function states(account: string, ids: string[]): Promise<Map<string, string>> {
  const ec2 = await moto.ec2(account, REGION);
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
  return new Map(
    out.Reservations!.flatMap((r) => r.Instances!).map((i) => [i.InstanceId!, i.State!.Name!] as const),
  );
}

/** The most of `ids` stopped at once, replaying the successful Stop/StartInstances calls in order. */
function mostDownAtOnce(ids: string[]): number {
  const down = new Set<string>();
  let most = 0;
  for (const c of faults.sentWith) {
    for (const id of c.instanceIds.filter((i) => ids.includes(i))) {
      if (c.command === 'StopInstancesCommand') down.add(id);
      if (c.command === 'StartInstancesCommand') down.delete(id);
    }
    most = Math.max(most, down.size);
  }
  return most;
}

async function eventStarts(account: string, ids: string[]): Promise<Map<string, string>> {
  const ec2 = await moto.ec2(account, REGION);
  const { DescribeInstanceStatusCommand } = await import('@aws-sdk/client-ec2');
  const out = await ec2.send(
    new DescribeInstanceStatusCommand({ InstanceIds: ids, IncludeAllInstances: true }),
  );
  return new Map(
    out.InstanceStatuses!.map((s) => [s.InstanceId!, s.Events?.[0]?.NotBefore?.toISOString() ?? ''] as const),
  );
}

const click = (actionId: string, value: string, user: string, post: SlackCall) =>
  bot.action(
    buttonPayload({
      actionId,
      value,
      user,
      channel: post.body.channel,
      ts: post.ts!,
      responseUrl: bot.slack.responseUrl(),
    }),
  );

it('plans two accounts, needs both approvals, moves and stop/starts in waves — never two group members down, stops at a failing wave', async () => {
  const res = await bot.command('maintenance plan all --days 7', { user: 'U0ALICE', channel: 'C0OPS' });
  expect(res.status).toBe(200);
  const post = await bot.slack.waitFor(planPost, 60_000);
  const store = bot.deps.stores.plans;
  const [record] = await store.recent(1);
  const plan = record!.plan;
  // the ASG members go one per wave, each a stop + start; the pay pair moves into two different slots
  const items = plan.waves.flatMap((w) => w.items);
  expect(items.filter((i) => asg.includes(i.instanceId)).map((i) => i.action)).toEqual([
    'recover',
    'recover',
    'recover',
  ]);
  expect(items.filter((i) => pay.includes(i.instanceId)).map((i) => i.action)).toEqual([
    'reschedule',
    'reschedule',
  ]);
  for (const w of plan.waves) {
    expect(w.items.filter((i) => asg.includes(i.instanceId)).length).toBeLessThanOrEqual(1);
    expect(w.items.filter((i) => pay.includes(i.instanceId)).length).toBeLessThanOrEqual(1);
  }
  expect(textOf(post.body)).toContain('<!date^');
  expect(textOf(post.body)).toContain('First plan for this target.');
  const approve = elementsOf(post.body).find((e) => e.action_id === 'ec2.mplan.approve')!;
  expect(approve.confirm).toBeDefined();

  // the requester cannot approve; Bob approves prod only; the plan waits for staging's approver
  await click('ec2.mplan.approve', approve.value, 'U0ALICE', post);
  await click('ec2.mplan.approve', approve.value, 'U0BOB', post);
  await until(async () => (await store.get(record!.id))?.approvedBy.prod === 'U0BOB', 'prod approval');
  expect((await store.get(record!.id))!.state).toBe('proposed');
  expect(faults.count('StopInstancesCommand')).toBe(0);

  // fail the second wave's StopInstances once
  faults.afterCall('StartInstancesCommand', async () => {
    faults.fail('StopInstancesCommand', { name: 'UnauthorizedOperation', status: 403 });
  });
  // an event that arrives after the plan was made is not added silently
  const [late] = await launch(STAGING, 1, { Name: 'late' });
  await moto.injectEvents(STAGING, REGION, late!, [
    { Code: 'instance-stop', NotBefore: new Date(Date.now() + 4 * DAY).toISOString() },
  ]);
  await click('ec2.mplan.approve', approve.value, 'U0CAROL', post);

  const paused = await until(
    async () => {
      const r = await store.get(record!.id);
      return r?.state === 'paused' ? r : undefined;
    },
    'the plan to stop at the failing wave',
    90_000,
  );
  // wave 1 done, wave 2's instance failed, wave 3 never started
  const asgItems = paused.plan.waves.flatMap((w) => w.items).filter((i) => asg.includes(i.instanceId));
  expect(asgItems.map((i) => paused.items[i.key])).toEqual(['done', 'failed', undefined]);
  expect((await states(PROD, asg)).get(asgItems[2]!.instanceId)).toBe('running');
  const stoppedMsg = await bot.slack.waitFor((calls) =>
    calls.find(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body.thread_ts === post.ts &&
        textOf(c.body).includes('Plan stopped'),
    ),
  );
  expect(textOf(stoppedMsg.body)).toContain(asgItems[1]!.instanceId);
  const update = await bot.slack.waitFor((calls) =>
    [...calls]
      .reverse()
      .find(
        (c) =>
          c.method === 'chat.update' &&
          c.body.ts === post.ts &&
          elementsOf(c.body).some((e) => e.action_id === 'ec2.mplan.retry'),
      ),
  );
  expect(elementsOf(update.body).map((e) => e.text.text)).toEqual(['Retry', 'Skip', 'Abort', 'Re-plan']);

  // the pay pair's events now start inside the window, in two different slots, as planned
  const starts = await eventStarts(STAGING, pay);
  const payItems = paused.plan.waves.flatMap((w) => w.items).filter((i) => pay.includes(i.instanceId));
  for (const i of payItems) expect(starts.get(i.instanceId)).toBe(new Date(i.at).toISOString());
  expect(new Set(payItems.map((i) => i.at)).size).toBe(2);

  // Retry runs the failed instance again, then wave 3; the plan ends done
  await click('ec2.mplan.retry', record!.id, 'U0BOB', { ...post, ts: post.ts });
  await until(async () => (await store.get(record!.id))?.state === 'done', 'the plan to finish', 90_000);
  const final = (await store.get(record!.id))!;
  expect(asgItems.map((i) => final.items[i.key])).toEqual(['done', 'done', 'done']);
  expect(faults.count('StopInstancesCommand')).toBe(3);
  expect(faults.count('StartInstancesCommand')).toBe(3);
  // never two members of the group down at once, and one was down (not a vacuous check): from EC2's own
  // order of the calls — a member is down from its StopInstances until its StartInstances
  expect(mostDownAtOnce(asg)).toBe(1);
  expect([...(await states(PROD, asg)).values()]).toEqual(['running', 'running', 'running']);
  expect((await states(STAGING, [late!])).get(late!)).toBe('running'); // not touched: not in the plan

  // the message lists it as not in the plan, with Re-plan; Re-plan posts a new plan diffed against this one
  const withReplan = await bot.slack.waitFor((calls) =>
    [...calls]
      .reverse()
      .find(
        (c) =>
          c.method === 'chat.update' &&
          c.body.ts === post.ts &&
          elementsOf(c.body).some((e) => e.action_id === 'ec2.mplan.replan'),
      ),
  );
  expect(textOf(withReplan.body)).toMatch(new RegExp(`Not in the plan.*${late}`));
  const before = bot.slack.calls.length;
  await click('ec2.mplan.replan', record!.id, 'U0ALICE', post);
  const second = await bot.slack.waitFor(
    (calls) =>
      calls
        .slice(before)
        .find((c) => c.method === 'chat.postMessage' && textOf(c.body).includes('Maintenance plan')),
    60_000,
  );
  expect(textOf(second.body)).toMatch(new RegExp(`Since the last plan: [^.]*new[^\n]*new: \\u0060${late}`));
}, 240_000);
