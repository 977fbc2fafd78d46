/**
 * What a stop costs *this* instance, on the plan an approver reads, on every confirm dialog, and in the
 * finished message (issue 13, points 10–14), through the real bot on moto. moto stops and starts at
 * once, knows no stuck `stopping`, no InsufficientInstanceCapacity and no hibernation StateReason: the
 * launcher's /_ec2bot/behaviour hook plays those (test/helpers/moto_launcher.py), not a mock of the bot.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  DescribeInstancesCommand,
  RequestSpotInstancesCommand,
  RunInstancesCommand,
  type RunInstancesCommandInput,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { alarmEvent } from '../helpers/alertEvents';
import { noLivingAlert, postEvent, postsTo } from '../helpers/alertsKit';
import { type Bed, FAST_ALERTS, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import type { SlackCall } from '../helpers/fakeSlack';
import type { Moto } from '../helpers/moto';
import { approvalMessage, elementsOf, textOf, until } from '../helpers/ops';
import { OPS_CONFIG, opsHelpers, PROD, STAGING } from '../helpers/opsBed';

const R = 'us-east-1';
let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;

beforeAll(async () => {
  bed = await startBed({
    name: 'ops-consequences',
    config: OPS_CONFIG,
    // A stop still `stopping` after this long is stuck (10 min in production).
    // Progress lines of a long wait ("still waiting for …") every 300 ms instead of every 2 min.
    env: { ...FAST_ALERTS, OPS_STOP_STUCK_MS: '600', OPS_PROGRESS_MS: '300' },
  });
  ({ moto, bot } = bed);
}, 120_000);
afterAll(() => bed?.close());
beforeEach(() => bot.slack.clear());

const { state, press, answerTo } = opsHelpers(() => ({ bot, moto }));

async function run(account: string, input: Partial<RunInstancesCommandInput> & { name: string }) {
  const ec2 = await moto.ec2(account, R);
  const { name, ...rest } = input;
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
      ...rest,
    }),
  );
  return out.Instances![0]!.InstanceId!;
}

async function publicIp(account: string, id: string): Promise<string> {
  const ec2 = await moto.ec2(account, R);
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations?.[0]?.Instances?.[0]?.PublicIpAddress ?? '';
}

/** The Approve button's confirm text of a plan message. */
const approveConfirm = (body: Record<string, any>): string =>
  String(elementsOf(body).find((e) => e.action_id === 'ec2.approval.approve')?.confirm?.text?.text ?? '');

/** The result (chat.update or post) of an operation on `id` whose text matches `re`. */
const resultOf = (id: string, re: RegExp): Promise<SlackCall> =>
  bot.slack.waitFor((c) =>
    c.find(
      (x) =>
        (x.method === 'chat.update' || x.method === 'chat.postMessage') &&
        textOf(x.body).includes(id) &&
        re.test(textOf(x.body)),
    ),
  );

describe('the plan names what a stop costs this instance', () => {
  it('instance-store type, no Elastic IP: blank volumes (fstab nofail) and the current IP, in the plan and its confirm', async () => {
    const id = await run(PROD, { name: 'cache-store', InstanceType: 'm5d.large' });
    const ip = await publicIp(PROD, id);
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await bot.command(`stop prod ${id}`, { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id);
    const call = bot.slack
      .callsOf('chat.postMessage')
      .find((c) => c.body.ts === msg.ts || textOf(c.body).includes(msg.approvalId))!;
    const text = textOf(call.body);
    expect(text).toContain('m5d.large has instance-store volumes');
    expect(text).toContain('come back blank');
    expect(text).toContain('nofail');
    expect(text).toContain(`public IPv4 ${ip} is released (no Elastic IP)`);
    const confirm = approveConfirm(call.body);
    expect(confirm).toContain('instance-store data is lost; the volumes come back blank');
    expect(confirm).toContain(`public IPv4 ${ip} changes`);
  });

  it('EBS-only type with an Elastic IP: neither warning', async () => {
    const id = await run(PROD, { name: 'web-eip', InstanceType: 'm5.large' });
    const ec2 = await moto.ec2(PROD, R);
    const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: id }));
    await bot.command(`recover prod ${id}`, { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id);
    const call = bot.slack.callsOf('chat.postMessage').find((c) => textOf(c.body).includes(msg.approvalId))!;
    const text = textOf(call.body);
    expect(text).not.toContain('instance-store');
    expect(text).not.toMatch(/public IPv4 [\d.]+ (is released|changes)/);
    expect(text).not.toContain('Warnings');
    expect(approveConfirm(call.body)).toContain('no instance store, its Elastic IP stays');
  });

  it('a one-time Spot instance is blocked: it cannot be stopped', async () => {
    const ec2 = await moto.ec2(PROD, R);
    const req = await ec2.send(
      new RequestSpotInstancesCommand({
        InstanceCount: 1,
        Type: 'one-time',
        LaunchSpecification: { ImageId: 'ami-12c6146b', InstanceType: 'c5.large' },
      }),
    );
    const id = req.SpotInstanceRequests![0]!.InstanceId!;
    const res = await bot.command(`stop prod ${id}`, { user: 'U0ALICE' });
    const answer = await answerTo(res.responseUrl);
    expect(textOf(answer.body)).toContain('one-time Spot instance: EC2 cannot stop it');
    expect(elementsOf(answer.body).some((e) => e.action_id === 'ec2.approval.approve')).toBe(false);
    expect(await state(PROD, id)).toBe('running');
  });

  it('stop protection is a blocker that says how to lift it', async () => {
    const id = await run(PROD, { name: 'protected', DisableApiStop: true });
    const res = await bot.command(`stop prod ${id}`, { user: 'U0ALICE' });
    const text = textOf((await answerTo(res.responseUrl)).body);
    expect(text).toContain('stop protection is on (DisableApiStop)');
    expect(text).toContain(`aws ec2 modify-instance-attribute --instance-id ${id} --no-disable-api-stop`);
  });
});

describe('resize: the stop + start of a running instance is on its plan too', () => {
  it('instance store and IP on the plan and its confirm; stop protection blocks with the fix', async () => {
    const id = await run(PROD, { name: 'resize-store', InstanceType: 'm5d.large' });
    const ip = await publicIp(PROD, id);
    await bot.command(`resize prod ${id} m5d.xlarge`, { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id);
    const call = bot.slack.callsOf('chat.postMessage').find((c) => textOf(c.body).includes(msg.approvalId))!;
    expect(textOf(call.body)).toContain('instance-store volumes (of the current or the new type)');
    expect(textOf(call.body)).toContain(`public IPv4 ${ip} is released`);
    expect(approveConfirm(call.body)).toContain(`public IPv4 ${ip} changes`);

    const locked = await run(PROD, { name: 'resize-locked', InstanceType: 'm5.large', DisableApiStop: true });
    const res = await bot.command(`resize prod ${locked} m5.xlarge`, { user: 'U0ALICE' });
    const text = textOf((await answerTo(res.responseUrl)).body);
    expect(text).toContain('stop protection is on (DisableApiStop)');
    expect(text).toContain('--no-disable-api-stop');
  });
});

describe('confirm dialogs carry the instance-specific consequences', () => {
  let id: string;
  let ip: string;
  beforeAll(async () => {
    id = await run(PROD, { name: 'store-row', InstanceType: 'm5d.large' });
    ip = await publicIp(PROD, id);
  });

  const confirmOf = (body: Record<string, any>, label: RegExp) =>
    elementsOf(body).find((e) => label.test(String(e.text?.text)) && String(e.value).length > 0)?.confirm;

  /** Buttons of the actions block right after the section that names the instance. */
  function rowButtons(body: Record<string, any>): Record<string, any>[] {
    const blocks = body.blocks as any[];
    const n = blocks.findIndex((b) => b.type === 'section' && String(b.text?.text).includes(id));
    return blocks[n + 1]?.type === 'actions' ? blocks[n + 1].elements : [];
  }

  it('/ec2 events: Stop/Start now names the blank instance store and this IP', async () => {
    const soon = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
    await moto.injectEvents(PROD, R, id, [
      { Code: 'instance-stop', NotBefore: soon(48), NotBeforeDeadline: soon(96) },
    ]);
    const res = await bot.command('events prod us-east-1', { user: 'U0ALICE' });
    const answer = await answerTo(res.responseUrl);
    const stopStart = rowButtons(answer.body).find((e) => e.text.text === 'Stop/Start now');
    expect(stopStart?.confirm?.style).toBe('danger');
    expect(stopStart?.confirm?.text?.text).toContain(
      'instance-store data is lost; the volumes come back blank',
    );
    expect(stopStart?.confirm?.text?.text).toContain(`public IPv4 ${ip} changes`);
    await moto.injectEvents(PROD, R, id, []);
  });

  it('/ec2 events reads the Spot request type: one-time gets no Stop/Start, persistent does', async () => {
    const ec2 = await moto.ec2(PROD, R);
    const spot = async (Type: 'one-time' | 'persistent') => {
      const out = await ec2.send(
        new RequestSpotInstancesCommand({
          InstanceCount: 1,
          Type,
          LaunchSpecification: { ImageId: 'ami-12c6146b', InstanceType: 'c5.large' },
        }),
      );
      return out.SpotInstanceRequests![0]!.InstanceId!;
    };
    const oneTime = await spot('one-time');
    const persistent = await spot('persistent');
    const soon = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
    for (const i of [oneTime, persistent])
      await moto.injectEvents(PROD, R, i, [{ Code: 'system-maintenance', NotBefore: soon(30) }]);
    const res = await bot.command('events prod us-east-1', { user: 'U0ALICE' });
    const answer = await answerTo(res.responseUrl);
    const rowOf = (i: string) => {
      const blocks = answer.body.blocks as any[];
      const n = blocks.findIndex((b) => b.type === 'section' && String(b.text?.text).includes(i));
      const buttons = blocks[n + 1]?.type === 'actions' ? (blocks[n + 1].elements as any[]) : [];
      return { text: String(blocks[n]?.text?.text), labels: buttons.map((b) => b.text.text) };
    };
    expect(rowOf(oneTime).text).toContain('Spot (one-time)');
    expect(rowOf(oneTime).labels).not.toContain('Stop/Start now');
    expect(textOf(answer.body)).toContain('one-time Spot instance: EC2 cannot stop it');
    expect(rowOf(persistent).text).toContain('Spot (persistent)');
    expect(rowOf(persistent).labels).toContain('Stop/Start now');
    for (const i of [oneTime, persistent]) await moto.injectEvents(PROD, R, i, []);

    // A system-check alarm on the one-time Spot instance: no Recover button either.
    await postEvent(
      bot.url,
      alarmEvent({
        instanceId: oneTime,
        value: 'ALARM',
        at: new Date().toISOString(),
        metric: 'StatusCheckFailed_System',
      }),
    );
    const post = await bot.slack.waitFor((c) =>
      postsTo(c, 'C0PRODALERT').find(
        (p) => textOf(p.body).includes(oneTime) && textOf(p.body).includes('Back up'),
      ),
    );
    expect(elementsOf(post.body).map((e) => String(e.text?.text))).not.toContainEqual(
      expect.stringMatching(/^(Recover|Stop\/Start)/),
    );
  });

  it('/ec2 status: Recover names the same for this instance', async () => {
    await moto.setStatus(PROD, R, id, { system: 'impaired' });
    const res = await bot.command('status prod us-east-1', { user: 'U0ALICE' });
    const answer = await answerTo(res.responseUrl);
    const recover = rowButtons(answer.body).find((e) => e.text.text === 'Recover');
    expect(recover?.confirm?.style).toBe('danger');
    expect(recover?.confirm?.text?.text).toContain('instance-store data is lost');
    expect(recover?.confirm?.text?.text).toContain(`public IPv4 ${ip} changes`);
    await moto.setStatus(PROD, R, id, { system: 'ok' });
  });

  it('alert: the Recover button of a system check alarm names them too', async () => {
    await noLivingAlert(bot, 'C0PRODALERT'); // its own message, not the previous test's alert
    await postEvent(
      bot.url,
      alarmEvent({
        instanceId: id,
        value: 'ALARM',
        at: new Date().toISOString(),
        metric: 'StatusCheckFailed_System',
      }),
    );
    const post = await bot.slack.waitFor((c) =>
      postsTo(c, 'C0PRODALERT').find((p) => textOf(p.body).includes(id) && confirmOf(p.body, /^Recover/)),
    );
    const confirm = confirmOf(post.body, /^Recover/);
    expect(confirm.style).toBe('danger');
    expect(confirm.text.text).toContain('instance-store data is lost');
    expect(confirm.text.text).toContain(`public IPv4 ${ip} changes`);
  });
});

describe('what the finished message says, and what the machine offers when AWS misbehaves', () => {
  it('recover: public IPv4 old → new', async () => {
    const id = await run(STAGING, { name: 'recover-ip' });
    const before = await publicIp(STAGING, id);
    await bot.command(`recover staging ${id}`, { user: 'U0ALICE' });
    const done = await resultOf(id, /done/);
    const after = await publicIp(STAGING, id);
    expect(after).not.toBe(before);
    expect(textOf(done.body)).toContain(`Public IPv4 changed: ${before} → ${after}`);
  });

  it('start waits for all three status checks (attached EBS too), names what it waits for, and reports the new IP', async () => {
    const id = await run(STAGING, { name: 'start-ip' });
    await (await moto.ec2(STAGING, R)).send(new StopInstancesCommand({ InstanceIds: [id] }));
    await moto.setStatus(STAGING, R, id, { ebs: 'initializing' });
    await bot.command(`start staging ${id}`, { user: 'U0ALICE' });
    await bot.slack.waitFor((c) =>
      c.find((x) =>
        String(x.body.text).includes(
          `still waiting for all three status checks of ${id} (system, instance, attached EBS) to pass: system ok, instance ok, attached EBS initializing`,
        ),
      ),
    );
    const doneYet = bot.slack.calls.some(
      (x) => x.method === 'chat.update' && textOf(x.body).includes(id) && /— done/.test(textOf(x.body)),
    );
    expect(doneYet).toBe(false);
    // No EBS data for the instance is not a failure: the wait ends, and the line says what it saw.
    await moto.setStatus(STAGING, R, id, { ebs: 'insufficient-data' });
    const done = await resultOf(id, /done/);
    expect(textOf(done.body)).toContain(
      'running, all three status checks pass (system ok, instance ok, attached EBS no data (insufficient-data: not a failure)).',
    );
    expect(textOf(done.body)).toContain(`Public IPv4 now: ${await publicIp(STAGING, id)}`);
  });

  it('a stop stuck in stopping offers Force stop, which stops it', async () => {
    const id = await run(STAGING, { name: 'stuck' });
    await moto.setBehaviour(STAGING, R, id, { stop: 'stuck' });
    await bot.command(`stop staging ${id}`, { user: 'U0ALICE' });
    const failed = await resultOf(id, /looks stuck/);
    expect(await state(STAGING, id)).toBe('stopping');
    const force = elementsOf(failed.body).find((e) => e.text?.text === 'Force stop');
    expect(force?.confirm?.style).toBe('danger');
    expect(force?.confirm?.text?.text).toContain('no clean shutdown');
    await press(String(force!.action_id), String(force!.value), 'U0ALICE', {
      channel: failed.body.channel,
      ts: failed.body.ts,
    });
    await until(async () => (await state(STAGING, id)) === 'stopped', 'force-stopped');
    const done = await resultOf(id, /stopped \(forced\)/);
    expect(textOf(done.body)).toContain('Force stop');
  });

  it('a start refused for capacity says so plainly, with the options', async () => {
    const id = await run(STAGING, { name: 'no-capacity', InstanceType: 'c5.large' });
    await (await moto.ec2(STAGING, R)).send(new StopInstancesCommand({ InstanceIds: [id] }));
    await moto.setBehaviour(STAGING, R, id, { startError: 'InsufficientInstanceCapacity' });
    await bot.command(`start staging ${id}`, { user: 'U0ALICE' });
    const failed = await resultOf(id, /failed/);
    const text = textOf(failed.body);
    expect(text).toContain('AWS has no capacity for c5.large');
    expect(text).toContain('InsufficientInstanceCapacity');
    expect(text).toMatch(
      /retry in a few minutes.*another instance type.*another Availability Zone.*Capacity Reservation/,
    );
    expect(await state(STAGING, id)).toBe('stopped');
  });

  it('hibernate: a fallback to a normal shutdown is said (RAM not saved); a real one is not', async () => {
    const hib = (name: string) =>
      run(STAGING, {
        name,
        HibernationOptions: { Configured: true },
        BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 30, Encrypted: true } }],
      });
    const fails = await hib('hib-fails');
    await moto.setBehaviour(STAGING, R, fails, { hibernate: 'fails' });
    await bot.command(`hibernate staging ${fails}`, { user: 'U0ALICE' });
    const fell = await resultOf(fails, /done/);
    expect(textOf(fell.body)).toContain('hibernation fell back to a normal shutdown');
    expect(textOf(fell.body)).toContain('RAM was *not* saved');

    const works = await hib('hib-works');
    await bot.command(`hibernate staging ${works}`, { user: 'U0ALICE' });
    const ok = await resultOf(works, /done/);
    expect(textOf(ok.body)).toContain('hibernated: stopped with RAM saved');
    expect(textOf(ok.body)).not.toContain('fell back');
  });

  it('hibernate is blocked for an Auto Scaling group member and a root volume too small for RAM', async () => {
    const id = await run(STAGING, {
      name: 'hib-asg',
      InstanceType: 'm5.xlarge',
      HibernationOptions: { Configured: true },
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 8, Encrypted: true } }],
      TagSpecifications: [
        {
          ResourceType: 'instance',
          Tags: [
            { Key: 'Name', Value: 'hib-asg' },
            { Key: 'aws:autoscaling:groupName', Value: 'web-asg' },
          ],
        },
      ],
    });
    const res = await bot.command(`hibernate staging ${id}`, { user: 'U0ALICE' });
    const text = textOf((await answerTo(res.responseUrl)).body);
    expect(text).toContain(
      'Auto Scaling group web-asg: an instance in an Auto Scaling group cannot hibernate',
    );
    expect(text).toContain('the root volume (8 GiB) cannot hold the 16 GiB RAM image');
    expect(await state(STAGING, id)).toBe('running');
  });
});
