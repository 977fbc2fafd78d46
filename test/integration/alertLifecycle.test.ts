import { StopInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { QUEUE } from '../../src/jobs/queues';
import { accountsYaml, ONCALL_PROD } from '../helpers/accountsConfig';
import { alarmEvent, healthEvent } from '../helpers/alertEvents';
import {
  alertIdOf,
  buttonPress,
  buttonsOf,
  fixture,
  postEvent,
  postsTo,
  windowsClosed,
} from '../helpers/alertsKit';
import { type Bed, FAST_ALERTS, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import { Ec2Faults } from '../helpers/ec2Faults';
import type { SlackCall } from '../helpers/fakeSlack';
import type { Moto } from '../helpers/moto';
import { until } from '../helpers/ops';

/**
 * One living message per incident (issue 14 points 6, 7, 9): instances named from EC2 (moto), buttons
 * that fit the instance's state, repeats counted, Resolve, Snooze 4h / until morning; and the bot's
 * auto-recover standing back when AWS's simplified automatic recovery is on. Real bot, Redis, moto;
 * Slack is the fake. EC2 failures are injected with SDK middleware (moto cannot fail on demand).
 */
/** Quiet hours that start 6 h from now (so nothing is held now) and end at `QUIET_END` UTC. */
const hhmm = (offsetMin: number) => new Date(Date.now() + offsetMin * 60_000).toISOString().slice(11, 16);
const QUIET_END = hhmm(420);
const CONFIG = accountsYaml({
  defaults: { regions: ['us-east-1'] },
  accounts: {
    prod: {
      ...ONCALL_PROD,
      regions: ['us-east-1', 'eu-west-1'],
      escalation: { after_minutes: 5 },
      auto_recover: { enabled: true, after_minutes: 2, max_per_hour: 5 },
      quiet_hours: { tz: 'UTC', from: hhmm(360), to: QUIET_END },
    },
  },
});
const ACCOUNT = '111111111111';

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
const faults = new Ec2Faults();
beforeAll(async () => {
  bed = await startBed({
    name: 'alert-lifecycle',
    config: CONFIG,
    aws: { onClient: faults.onClient },
    env: FAST_ALERTS,
  });
  ({ moto, bot } = bed);
});
afterAll(() => bed?.close());
beforeEach(() => bot.slack.clear());

const has = (c: SlackCall, s: string) => JSON.stringify(c.body).includes(s);
const send = async (ev: unknown) => expect((await postEvent(bot.url, ev)).status).toBe(202);
const at = (offsetS = 0) => new Date(Date.now() + offsetS * 1000).toISOString();
const launch = async (name: string, region = 'us-east-1') =>
  ((await moto.launch(ACCOUNT, region, { name, type: 'm5.large' })) as [string])[0];
const postAbout = (id: string) => bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
const opLabels = (c: SlackCall) =>
  buttonsOf(c)
    .filter((b) => b.action_id.startsWith('ec2.op'))
    .map((b) => b.text);
const press = async (actionId: string, alertId: string, ts: string, user = 'U0ALICE') => {
  const responseUrl = bot.slack.responseUrl();
  await bot.action(buttonPress({ actionId, value: alertId, user, channel: 'C0PRODALERT', ts, responseUrl }));
  return responseUrl.split('/').pop();
};
const alertJob = (id: string) => bot.deps.queues.get(QUEUE.alerts).getJob(id);

// Each test's alarms open their own message: the previous test's alert windows are closed first.
afterEach(() => windowsClosed(bot));

it('names the instance like /ec2 events; a failed lookup still posts the alert with the id', async () => {
  const id = await launch('web-named');
  await send(alarmEvent({ instanceId: id, value: 'ALARM', at: at(), metric: 'StatusCheckFailed_Instance' }));
  const post = await postAbout(id);
  expect(has(post, `*web-named* \`${id}\` · m5.large · EBS root · us-east-1`)).toBe(true);
  expect(opLabels(post)).toEqual(['Reboot', `Recover ${id}`, 'Back up (AMI)']);
  const eu = await launch('web-eu', 'eu-west-1');
  // not retried by the SDK: exactly this one lookup fails
  faults.fail('DescribeInstancesCommand', { name: 'UnauthorizedOperation', status: 403 });
  const ev = healthEvent({
    entities: [`arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/${eu}`],
    code: 'AWS_EC2_INSTANCE_STOP_SCHEDULED',
    eventArn: `arn:aws:health:eu-west-1::event/EC2/X/${eu}`,
    start: 'Mon, 01 Nov 2027 09:00:00 GMT',
  });
  ev.detail.eventRegion = 'eu-west-1';
  await send(ev);
  const bare = await postAbout(eu);
  expect(has(bare, `\`${eu}\` eu-west-1`)).toBe(true);
  expect(has(bare, 'web-eu')).toBe(false);
  expect(bot.logs.join('')).toContain('instance lookup failed; posting with ids');
});

it('buttons fit the state: stopped → Start (no Reboot); terminated → none; host reboot → no Reboot', async () => {
  const ec2 = await moto.ec2(ACCOUNT, 'us-east-1');
  const stopped = await launch('was-stopped');
  await ec2.send(new StopInstancesCommand({ InstanceIds: [stopped] }));
  await send(
    alarmEvent({ instanceId: stopped, value: 'ALARM', at: at(), metric: 'StatusCheckFailed_Instance' }),
  );
  expect(opLabels(await postAbout(stopped))).toEqual([`Start ${stopped}`, 'Back up (AMI)']);
  const gone = await launch('was-terminated');
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [gone] }));
  await send(alarmEvent({ instanceId: gone, value: 'ALARM', at: at() }));
  expect(opLabels(await postAbout(gone))).toEqual([]);
  const rebooting = await launch('host-reboot');
  await send(
    healthEvent({
      entities: [rebooting],
      code: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED',
      eventArn: `arn:aws:health:us-east-1::event/EC2/R/${rebooting}`,
      start: 'Mon, 01 Nov 2027 09:00:00 GMT',
    }),
  );
  expect(opLabels(await postAbout(rebooting))).toEqual(['Back up (AMI)']);
});

it('repeats are counted on the one message; Resolve closes it by hand and a later ALARM is a new incident', async () => {
  const id = await launch('flappy');
  await send(alarmEvent({ instanceId: id, value: 'ALARM', at: at() }));
  const post = await postAbout(id);
  await send(alarmEvent({ instanceId: id, value: 'OK', at: at(1) }));
  await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === post.ts && has(x, 'alarm 1×, OK 1×')),
  );
  await send(alarmEvent({ instanceId: id, value: 'ALARM', at: at(2) }));
  const third = await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === post.ts && has(x, 'alarm 2×, OK 1×')),
  );
  expect(third.body.text).not.toContain('(resolved)');
  expect(postsTo(bot.slack.calls, 'C0PRODALERT').filter((p) => has(p, id))).toHaveLength(1);
  const alertId = alertIdOf(post);
  await press('ec2.alert.resolve', alertId, post.ts!);
  const resolved = await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === post.ts && has(x, 'Resolved by <@U0ALICE>')),
  );
  expect(resolved.body.text).toContain('(resolved)');
  expect(buttonsOf(resolved)).toEqual([]);
  expect(await alertJob(`esc-${alertId}`)).toBeUndefined();
  await bot.slack.waitFor((c) =>
    c.find((x) => x.body.thread_ts === post.ts && has(x, 'Resolved by <@U0ALICE>')),
  );
  await send(alarmEvent({ instanceId: id, value: 'OK', at: at(3) }));
  await send(alarmEvent({ instanceId: id, value: 'ALARM', at: at(4) }));
  await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').filter((p) => has(p, id)).length === 2);
});

it('Snooze 4h and until morning (the end of quiet hours) move escalation and auto-recover', async () => {
  const id = await launch('snoozy');
  await send(alarmEvent({ instanceId: id, value: 'ALARM', at: at() }));
  const post = await postAbout(id);
  const alertId = alertIdOf(post);
  await press('ec2.alert.snooze#4h', alertId, post.ts!);
  // the handler reschedules escalation, then auto-recover: wait for both
  await until(
    async () =>
      (await alertJob(`esc-${alertId}`))?.opts.delay === 4 * 3600_000 &&
      (await alertJob(`autorecover-${alertId}`))?.opts.delay === 4 * 3600_000,
    'escalation and auto-recover 4 h out',
  );
  await press('ec2.alert.snooze#morning', alertId, post.ts!);
  const [h, m] = QUIET_END.split(':').map(Number) as [number, number];
  const morning = new Date();
  morning.setUTCHours(h, m, 0, 0);
  if (morning.getTime() <= Date.now()) morning.setUTCDate(morning.getUTCDate() + 1);
  await until(async () => {
    const job = await alertJob(`esc-${alertId}`);
    return job && Math.abs(job.timestamp + (job.opts.delay ?? 0) - morning.getTime()) < 60_000;
  }, 'escalation at the end of quiet hours');
  await bot.slack.waitFor((c) =>
    c.find(
      (x) =>
        x.method === 'chat.update' && x.body.ts === post.ts && has(x, 'Snoozed by <@U0ALICE> until <!date^'),
    ),
  );
});

it("auto-recover stands back while AWS's simplified automatic recovery is on — unless AWS has an open public issue there", async () => {
  const id = await launch('aws-recovers');
  await moto.setAutoRecovery(ACCOUNT, 'us-east-1', id, 'default');
  await send(alarmEvent({ instanceId: id, value: 'ALARM', at: at() }));
  const post = await postAbout(id);
  await (await alertJob(`autorecover-${alertIdOf(post)}`))?.promote();
  await bot.slack.waitFor((c) =>
    c.find((x) => x.body.thread_ts === post.ts && has(x, "AWS's simplified automatic recovery is on")),
  );
  expect(bot.slack.calls.some((c) => has(c, ':robot_face:') && has(c, id))).toBe(false);
  // a public issue in the region: AWS's recovery does not run during it, so the bot's does
  const pub = fixture('health-public-issue.json');
  pub.detail.eventArn = `${pub.detail.eventArn}-${Date.now()}`;
  await send(pub);
  await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, 'AWS: Operational issue')));
  const id2 = await launch('aws-paused');
  await moto.setAutoRecovery(ACCOUNT, 'us-east-1', id2, 'default');
  await send(alarmEvent({ instanceId: id2, value: 'ALARM', at: at() }));
  const post2 = await postAbout(id2);
  // the instance alert itself says that AWS has an open issue there
  expect(has(post2, 'AWS reports an open EC2 issue in us-east-1: *Recover* may fail')).toBe(true);
  await (await alertJob(`autorecover-${alertIdOf(post2)}`))?.promote();
  await bot.slack.waitFor((c) => c.find((x) => x.body.thread_ts === post2.ts && has(x, ':robot_face:')));
});
