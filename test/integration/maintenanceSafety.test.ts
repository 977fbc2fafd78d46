import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateCommand,
  CreateTagsCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { PlanRecord } from '../../src/planner/record';
import type { PlanStore } from '../../src/stores/planStore';
import { startTestBot, type TestBot } from '../helpers/bot';
import type { SlackCall } from '../helpers/fakeSlack';
import { openWindow } from '../helpers/maintenanceWindow';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { buttonPayload, elementsOf, textOf, until } from '../helpers/ops';

/**
 * Issue 20 through the real bot: signed Slack requests to the Bolt receiver, the worker on real Redis,
 * moto via the launcher, fake Slack. The launcher plays AWS at an event's NotBefore (`AwsActs`: it stops
 * the instance of an instance-stop when that time comes, as AWS does) — moto has no scheduled events of
 * its own. One account per scenario, so the plans do not meet:
 * - store: an instance-store-root retirement → listed for a person, never moved; planning it again moves nothing
 * - stopper: an instance-stop AWS acts on inside the window → AWS stops it at NotBefore, the bot starts it
 * - asg: the three members of an Auto Scaling group with instance-stop events, a 75-minute window open
 *   now, max_unavailable 1 → all three stopped and started inside it (standby around each), never two
 *   down at once, and the group back at its desired capacity, all InService
 * - reboot: a system-reboot whose event a reboot does not clear → "not cleared", re-planned as stop + start
 * - member: a real Auto Scaling group (moto: 3 desired, min 1) whose member has an instance-stop kept in
 *   the window → the bot puts it in standby before NotBefore, AWS stops it, the bot starts it, waits for
 *   the checks and returns it to service (ExitStandby): the group never sees an InService member stopped
 */

const IDS = {
  store: '311111111111',
  stopper: '322222222222',
  asg: '333333333333',
  reboot: '344444444444',
  member: '355555555555',
};
const REGION = 'us-east-1';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const hhmm = (d: Date): string => d.toISOString().slice(11, 16);

/** A weekly window from 5 minutes ago, `minutes` long (open now). */
function windowOf(minutes: number): string {
  const from = new Date(Date.now() - 5 * MIN);
  return `${DOW[from.getUTCDay()]} ${hhmm(from)}-${hhmm(new Date(from.getTime() + minutes * MIN))}`;
}

const account = (alias: keyof typeof IDS, maintenance: string) => `
  ${alias}:
    id: "${IDS[alias]}"
    role_arn: arn:aws:iam::${IDS[alias]}:role/ec2-ops-bot
    alert_channel: C0${alias.toUpperCase()}
    operators: [U0ALICE]
    approvers: [U0BOB]
    maintenance: { tz: UTC, ${maintenance} }`;

const config = (): string => `
defaults:
  regions: [${REGION}]
accounts:${account('store', `windows: ["${openWindow()}"]`)}${account('stopper', `windows: ["${openWindow()}"]`)}${account('asg', `windows: ["${windowOf(75)}"], groups: { by: [asg], max_unavailable: 1 }`)}${account('reboot', `windows: ["${openWindow()}"]`)}${account('member', `windows: ["${openWindow()}"]`)}
`;

let moto: Moto;
let bot: TestBot;
let store: PlanStore;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({ name: 'maintenance-safety', config: config() });
  store = bot.deps.stores.plans;
}, 120_000);
afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});

async function launch(alias: keyof typeof IDS, n: number, tags: Record<string, string>): Promise<string[]> {
  const ids = await moto.launch(IDS[alias], REGION, { type: 'm5.large', count: n });
  const ec2 = await moto.ec2(IDS[alias], REGION);
  await ec2.send(
    new CreateTagsCommand({
      Resources: ids,
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  return ids;
}

/** An Auto Scaling group moto launches from its own launch template; its members' ids, Name-tagged. */
async function group(alias: keyof typeof IDS, name: string, size: number): Promise<string[]> {
  const ec2 = await moto.ec2(IDS[alias], REGION);
  await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: `lt-${name}`,
      LaunchTemplateData: { ImageId: 'ami-12c6146b', InstanceType: 'm5.large' },
    }),
  );
  const asg = await moto.autoScaling(IDS[alias], REGION);
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchTemplate: { LaunchTemplateName: `lt-${name}` },
      MinSize: 1,
      MaxSize: size + 2,
      DesiredCapacity: size,
      AvailabilityZones: [`${REGION}a`],
    }),
  );
  const ids = (await groupNow(alias, name)).members.map((m) => m.id);
  await ec2.send(new CreateTagsCommand({ Resources: ids, Tags: [{ Key: 'Name', Value: name }] }));
  return ids;
}

async function groupNow(alias: keyof typeof IDS, name: string) {
  const asg = await moto.autoScaling(IDS[alias], REGION);
  const out = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  const g = out.AutoScalingGroups?.[0];
  return {
    desired: g?.DesiredCapacity,
    members: (g?.Instances ?? []).map((i) => ({ id: i.InstanceId ?? '', lifecycle: i.LifecycleState })),
  };
}

async function states(alias: keyof typeof IDS, ids: string[]): Promise<Map<string, string>> {
  const ec2 = await moto.ec2(IDS[alias], REGION);
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
  return new Map(out.Reservations!.flatMap((r) => r.Instances!).map((i) => [i.InstanceId!, i.State!.Name!]));
}

async function eventOf(alias: keyof typeof IDS, id: string) {
  const ec2 = await moto.ec2(IDS[alias], REGION);
  const out = await ec2.send(
    new DescribeInstanceStatusCommand({ InstanceIds: [id], IncludeAllInstances: true }),
  );
  return out.InstanceStatuses?.[0]?.Events?.[0];
}

/** `/ec2 maintenance plan <alias>`: the plan message posted and its record. */
async function planOf(alias: string): Promise<{ post: SlackCall; record: PlanRecord }> {
  const before = bot.slack.calls.length;
  const res = await bot.command(`maintenance plan ${alias} --days 7`, { user: 'U0ALICE', channel: 'C0OPS' });
  expect(res.status).toBe(200);
  const post = await bot.slack.waitFor(
    (calls) =>
      calls
        .slice(before)
        .find(
          (c) => c.method === 'chat.postMessage' && textOf(c.body).includes(`Maintenance plan — ${alias}`),
        ),
    60_000,
  );
  const record = await until(
    async () => (await store.recent(20)).find((r) => r.ts === post.ts),
    'the plan record with its message',
  );
  return { post, record };
}

async function approve(post: SlackCall, record: PlanRecord): Promise<void> {
  const button = elementsOf(post.body).find((e) => e.action_id === 'ec2.mplan.approve')!;
  await bot.action(
    buttonPayload({
      actionId: 'ec2.mplan.approve',
      value: button.value,
      user: 'U0BOB',
      channel: post.body.channel,
      ts: post.ts!,
      responseUrl: bot.slack.responseUrl(),
    }),
  );
  await until(async () => (await store.get(record.id))?.state !== 'proposed', 'the approval');
}

const threadLine = (post: SlackCall, re: RegExp) =>
  bot.slack.waitFor(
    (calls) =>
      calls.find(
        (c) => c.method === 'chat.postMessage' && c.body.thread_ts === post.ts && re.test(textOf(c.body)),
      ),
    90_000,
  );

it('an instance-store retirement is never moved earlier and is listed for a person; a second plan moves nothing', async () => {
  const [id] = await launch('store', 1, { Name: 'scratch-1' });
  await moto.patchInstance(IDS.store, REGION, id!, { rootDeviceType: 'instance-store' });
  const notBefore = new Date(Math.floor((Date.now() + 6 * DAY) / 1000) * 1000).toISOString(); // EC2 keeps seconds
  await moto.injectEvents(IDS.store, REGION, id!, [
    {
      Code: 'instance-retirement',
      InstanceEventId: 'instance-event-0s0000001',
      NotBefore: notBefore,
      NotBeforeDeadline: new Date(Date.now() + 9 * DAY).toISOString(),
    },
  ]);
  const { post, record } = await planOf('store');
  expect(record.plan.waves).toEqual([]);
  expect(record.plan.unplanned[0]).toMatchObject({ instanceId: id, awsAction: 'terminate' });
  expect(textOf(post.body)).toMatch(/needs a person before <!date\^/);
  expect(textOf(post.body)).toMatch(/scratch-1/);
  expect(elementsOf(post.body).some((e) => e.action_id === 'ec2.mplan.approve')).toBe(false);
  expect((await eventOf('store', id!))?.NotBefore?.toISOString()).toBe(notBefore);
  const second = await planOf('store');
  expect(textOf(second.post.body)).toContain('Same as the last plan.');
}, 180_000);

it("an instance-stop AWS acts on is started again after AWS's stop, reported in the plan thread", async () => {
  const [id] = await launch('stopper', 1, { Name: 'api-1' });
  // inside the open window, too soon for a stop + start before it: AWS acts, the bot watches
  await moto.injectEvents(IDS.stopper, REGION, id!, [
    { Code: 'instance-stop', NotBefore: new Date(Date.now() + 40_000).toISOString(), AwsActs: true },
  ]);
  const { post, record } = await planOf('stopper');
  const [item] = record.plan.waves.flatMap((w) => w.items);
  expect(item).toMatchObject({ instanceId: id, action: 'aws', afterStop: 'start' });
  expect(textOf(post.body)).toMatch(/start after AWS's stop/);
  await approve(post, record);
  // the launcher stops it at NotBefore (AWS); the bot starts it and says so, naming the instance
  await threadLine(post, new RegExp(`${id}.*AWS stopped it at its event time`));
  const done = await threadLine(post, /running again after AWS's stop/);
  expect(textOf(done.body)).toContain('api-1');
  expect((await states('stopper', [id!])).get(id!)).toBe('running');
  expect((await store.get(record.id))!.watches?.[item!.key]).toBe('done');
}, 240_000);

it('three ASG members in a 75-minute window, max_unavailable 1: all three inside it, never two down, the group all InService after', async () => {
  const ids = await group('asg', 'web', 3);
  for (const id of ids)
    await moto.injectEvents(IDS.asg, REGION, id, [
      { Code: 'instance-stop', NotBefore: new Date(Date.now() + 3 * DAY).toISOString() },
    ]);
  const { post, record } = await planOf('asg');
  const items = record.plan.waves.flatMap((w) => w.items);
  expect(record.plan.unplanned).toEqual([]);
  expect(items.map((i) => i.action)).toEqual(['recover', 'recover', 'recover']);
  expect(new Set(items.map((i) => i.at)).size).toBe(3);
  for (const i of items) expect(Date.parse(i.end)).toBeLessThanOrEqual(Date.parse(i.windowClose));
  expect(items[0]!.why.join(' ')).toMatch(/EnterStandby/);
  const samples: number[] = [];
  /** The group's lifecycle of each member seen not running, and the desired capacities seen. */
  const downIn = new Set<string | undefined>();
  const desired = new Set<number | undefined>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const now = await states('asg', ids);
      const g = await groupNow('asg', 'web');
      const down = ids.filter((id) => now.get(id) !== 'running');
      samples.push(down.length);
      for (const id of down) downIn.add(g.members.find((m) => m.id === id)?.lifecycle);
      desired.add(g.desired);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await approve(post, record);
  await until(async () => (await store.get(record.id))?.state === 'done', 'the plan to finish', 150_000);
  sampling = false;
  await sampler;
  const final = (await store.get(record.id))!;
  expect(items.map((i) => final.items[i.key])).toEqual(['done', 'done', 'done']);
  expect(Math.max(...samples)).toBe(1); // one at a time, and the sampler did see one down
  expect([...(await states('asg', ids)).values()]).toEqual(['running', 'running', 'running']);
  // never stopped bare: every member seen down was in standby, decremented (3 → 2), and came back —
  // the same three, all InService, desired 3
  expect([...downIn]).toEqual(['Standby']);
  expect([...desired].sort()).toEqual([2, 3]);
  const g = await groupNow('asg', 'web');
  expect(g.desired).toBe(3);
  expect(g.members.map((m) => m.id).sort()).toEqual([...ids].sort());
  expect(g.members.map((m) => m.lifecycle)).toEqual(['InService', 'InService', 'InService']);
}, 240_000);

it('a reboot whose event stays is "not cleared" and re-planned as stop + start', async () => {
  const [id] = await launch('reboot', 1, { Name: 'worker-4' });
  await moto.patchInstance(IDS.reboot, REGION, id!, { rebootMigration: 'default' });
  await moto.injectEvents(IDS.reboot, REGION, id!, [
    // outside any window, no deadline: the plan reboots it (reboot migration) — the event stays (moto's
    // reboot never moves the instance), and the stop + start the re-plan runs does move it
    { Code: 'system-reboot', NotBefore: new Date(Date.now() + 3 * DAY).toISOString(), ClearedByStop: true },
  ]);
  const { post, record } = await planOf('reboot');
  const [item] = record.plan.waves.flatMap((w) => w.items);
  expect(item).toMatchObject({ instanceId: id, action: 'reboot' });
  await approve(post, record);
  const line = await threadLine(post, /not cleared/);
  expect(textOf(line.body)).toMatch(new RegExp(`${id}.*worker-4.*re-planned: \\*stop \\+ start`));
  await until(async () => (await store.get(record.id))?.state === 'done', 'the re-planned wave', 150_000);
  const final = (await store.get(record.id))!;
  expect(final.items[item!.key]).toBe('not-cleared');
  const again = final.plan.waves.flatMap((w) => w.items).find((i) => i.key.startsWith(`${item!.key}|`))!;
  expect(again.action).toBe('recover');
  expect(final.items[again.key]).toBe('done');
  expect((await eventOf('reboot', id!))?.Description).toMatch(/^\[Completed\]/);
  // the plan's headline counts it: the reboot is not cleared, the stop + start is done
  await bot.slack.waitFor((calls) =>
    calls.find(
      (c) =>
        c.method === 'chat.update' && c.body.ts === post.ts && /1 done · 1 not cleared/.test(textOf(c.body)),
    ),
  );
}, 240_000);

/** The member's lifecycle state and its group's desired capacity, as Auto Scaling reports them. */
async function memberNow(name: string, id: string): Promise<{ lifecycle?: string; desired?: number }> {
  const asg = await moto.autoScaling(IDS.member, REGION);
  const m = await asg.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [id] }));
  return {
    lifecycle: m.AutoScalingInstances?.[0]?.LifecycleState,
    desired: (await groupNow('member', name)).desired,
  };
}

it("an Auto Scaling member AWS stops is in standby before AWS's stop, started after it and returned to service", async () => {
  const ids = await group('member', 'web-m', 3); // desired 3, min 1
  expect(ids).toHaveLength(3);
  const id = ids[0]!;
  // too soon for a stop + start through standby before it: AWS acts, inside the open window. The launcher
  // plays AWS (`AwsActs`): at NotBefore it stops the instance, whatever its group thinks of it.
  const notBefore = Date.now() + 60_000;
  await moto.injectEvents(IDS.member, REGION, id, [
    { Code: 'instance-stop', NotBefore: new Date(notBefore).toISOString(), AwsActs: true },
  ]);
  const { post, record } = await planOf('member');
  const item = record.plan.waves.flatMap((w) => w.items).find((i) => i.instanceId === id)!;
  expect(item).toMatchObject({ action: 'aws', afterStop: 'start', standby: { group: 'web-m' } });
  expect(Date.parse(item.standby!.at)).toBeLessThan(notBefore);
  expect(textOf(post.body)).toMatch(
    /the bot puts it in standby at <!date\^\d+\^[^|]+\|[^>]+> \(Auto Scaling group web-m\)/,
  );
  await approve(post, record);
  // before AWS's time: out of service (desired 3 → 2: the group launches no replacement) and still running
  await until(
    async () => (await memberNow('web-m', id)).lifecycle === 'Standby',
    'the member in standby',
    60_000,
  );
  expect(Date.now()).toBeLessThan(notBefore);
  expect((await memberNow('web-m', id)).desired).toBe(2);
  expect((await states('member', [id])).get(id)).toBe('running');
  await threadLine(post, new RegExp(`${id}.*entered standby in Auto Scaling group web-m before AWS's stop`));
  // AWS stops it at NotBefore; the bot starts it, waits for the checks and returns it to service
  await threadLine(
    post,
    new RegExp(`${id}.*AWS stopped it at its event time .*returns it to service in web-m`),
  );
  const done = await threadLine(post, /running again after AWS's stop: .*returned to service in web-m/);
  expect(textOf(done.body)).toContain(id);
  expect(await memberNow('web-m', id)).toEqual({ lifecycle: 'InService', desired: 3 });
  expect((await states('member', [id])).get(id)).toBe('running');
  expect((await eventOf('member', id))?.Description).toMatch(/^\[Completed\]/);
  expect((await store.get(record.id))!.watches?.[item.key]).toBe('done');
}, 240_000);
