import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { MAINTENANCE_DIGEST } from '../../src/jobs/maintenanceDigest';
import { QUEUE } from '../../src/jobs/queues';
import { accountsYaml, PROD } from '../helpers/accountsConfig';
import { alertIdOf, buttonPress, fixture, postEvent, postsTo } from '../helpers/alertsKit';
import { type Bed, FAST_ALERTS, startBed } from '../helpers/bed';
import { SIGNING_SECRET, type TestBot } from '../helpers/bot';
import { FakeHealth } from '../helpers/fakeHealth';
import type { SlackCall } from '../helpers/fakeSlack';
import { openWindow } from '../helpers/maintenanceWindow';
import type { Moto } from '../helpers/moto';
import { textOf, until } from '../helpers/ops';
import { postSigned } from '../helpers/slackSign';

/**
 * Issue 16 "See it" through the real bot: a signed `app_home_opened` event to the Bolt receiver makes
 * the worker publish the user's Home (views.publish at the fake Slack) with the maintenance plan's
 * approval waiting on them, the open alert of their account and the planned wave; the weekly digest job
 * posts what AWS scheduled (moto's events), what the plan does and what is still unplanned.
 */

const REGION = 'us-east-1';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const config = (): string =>
  accountsYaml({
    defaults: { regions: [REGION] },
    accounts: {
      prod: {
        id: PROD,
        alert_channel: 'C0PRODALERT',
        operators: ['U0ALICE'],
        approvers: ['U0BOB'],
        maintenance: {
          tz: 'Asia/Seoul',
          windows: [openWindow(9)],
          wave_minutes: 10,
          digest: { day: 'Mon', time: '09:00' },
        },
      },
    },
  });

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
// AWS Health as a local fake (moto has none), as in maintenance.test.ts: no open Health events.
const health = new FakeHealth();
let moved: string;
let later: string;

async function launch(name: string): Promise<string> {
  const ec2 = await moto.ec2(PROD, REGION);
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      InstanceType: 'm5.large',
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
    }),
  );
  return out.Instances![0]!.InstanceId!;
}

beforeAll(async () => {
  bed = await startBed({
    name: 'home',
    config: config(),
    health,
    env: FAST_ALERTS,
  });
  ({ moto, bot } = bed);
  moved = await launch('web-<a>');
  await moto.injectEvents(PROD, REGION, moved, [
    {
      Code: 'instance-reboot',
      InstanceEventId: 'instance-event-0ab000001',
      NotBefore: new Date(Date.now() + 2 * DAY).toISOString(),
      NotBeforeDeadline: new Date(Date.now() + 5 * DAY).toISOString(),
    },
  ]);
  later = await launch('batch');
}, 120_000);
afterAll(async () => {
  await bed?.close();
});

/** Slack's Events API delivery of `app_home_opened` (JSON, signed like every Slack request). */
async function openHome(user: string): Promise<number> {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0TEAM',
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: `Ev${Date.now()}${user}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: ts },
  });
  const res = await postSigned(`${bot.url}/slack/events`, body, {
    secret: SIGNING_SECRET,
    headers: { 'content-type': 'application/json' },
  });
  return res.status;
}

const homeOf = (user: string) => (calls: SlackCall[]) =>
  calls.find((c) => c.method === 'views.publish' && c.body.user_id === user);

it('App Home shows the approval waiting on the user, the open alert and the planned wave; the digest posts the week', async () => {
  // An open alert in prod: a system status check alarm on the instance, through the webhook.
  const alarm = JSON.parse(
    JSON.stringify(fixture('alarm-system-alarm.json')).replaceAll('i-0abc1234def567890', moved),
  );
  alarm.detail.state.timestamp = new Date().toISOString().replace('Z', '+0000');
  expect((await postEvent(bot.url, alarm)).status).toBe(202);
  await bot.slack.waitFor((c) =>
    postsTo(c, 'C0PRODALERT').find((p) => JSON.stringify(p.body).includes(moved)),
  );

  // A plan for prod, proposed: its approval waits on U0BOB.
  expect(
    (await bot.command('maintenance plan prod --days 7', { user: 'U0ALICE', channel: 'C0OPS' })).status,
  ).toBe(200);
  await bot.slack.waitFor(
    (calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && textOf(c.body).includes('Maintenance plan')),
    60_000,
  );
  const [record] = await bot.deps.stores.plans.recent(1);
  const wave = record!.plan.waves.find((w) => w.items.some((i) => i.instanceId === moved));
  expect(wave).toBeDefined();

  expect(await openHome('U0BOB')).toBe(200);
  const bob = await bot.slack.waitFor(homeOf('U0BOB'), 20_000);
  const view = JSON.stringify(bob.body.view);
  expect(bob.body.view.type).toBe('home');
  expect(view).toContain('Approvals waiting on you (1)');
  expect(view).toContain('maintenance plan on `prod`');
  expect(view).toContain('Open alerts (1)');
  expect(view).toContain(`\`${moved}\``);
  // The wave at its time (Slack renders <!date^…> in the reader's zone); the Name tag escaped.
  expect(view).toContain(`<!date^${Math.floor(Date.parse(wave!.at) / 1000)}^`);
  expect(view).toContain("move AWS's start");
  expect(view).toContain('web-&lt;a&gt;');
  expect(view).not.toContain('web-<a>');

  // U0ALICE asked for the plan and approves nothing: the same alert and week, no approval.
  expect(await openHome('U0ALICE')).toBe(200);
  const alice = JSON.stringify((await bot.slack.waitFor(homeOf('U0ALICE'), 20_000)).body.view);
  expect(alice).toContain('Approvals waiting on you (0)');
  expect(alice).toContain('Open alerts (1)');
  expect(alice).toContain(record!.id);

  // Someone in no account sees none of it.
  expect(await openHome('U0MALLORY')).toBe(200);
  const mallory = JSON.stringify((await bot.slack.waitFor(homeOf('U0MALLORY'), 20_000)).body.view);
  expect(mallory).toContain('Open alerts (0)');
  expect(mallory).not.toContain(moved);

  // Resolved by hand (the alert's button): the next Home has no open alert.
  const alertPost = postsTo(bot.slack.calls, 'C0PRODALERT').find((p) =>
    JSON.stringify(p.body).includes(moved),
  )!;
  const alertId = alertIdOf(alertPost);
  const press = buttonPress({
    actionId: 'ec2.alert.resolve',
    value: alertId,
    user: 'U0BOB',
    channel: 'C0PRODALERT',
    ts: alertPost.ts!,
    responseUrl: bot.slack.responseUrl(),
  });
  expect((await bot.action(press)).status).toBe(200);
  const alerts = bot.deps.stores.alerts;
  await until(async () => (await alerts.get(alertId))?.closed, 'the alert closed');
  bot.slack.clear();
  expect(await openHome('U0BOB')).toBe(200);
  const after = JSON.stringify((await bot.slack.waitFor(homeOf('U0BOB'), 20_000)).body.view);
  expect(after).toContain('Open alerts (0)');
  expect(after).toContain('Approvals waiting on you (1)');

  // An event AWS scheduled after the plan was made: open at AWS, in no wave.
  await moto.injectEvents(PROD, REGION, later, [
    { Code: 'instance-stop', NotBefore: new Date(Date.now() + 3 * DAY).toISOString() },
  ]);
  // The weekly digest, run directly (its scheduler enqueues the same job on Mondays at 09:00 Seoul).
  await bot.deps.queues.enqueue(MAINTENANCE_DIGEST, { correlationId: 'digest-test', account: 'prod' });
  const digest = await bot.slack.waitFor(
    (c) => postsTo(c, 'C0PRODALERT').find((p) => textOf(p.body).includes('Weekly maintenance digest')),
    30_000,
  );
  const text = textOf(digest.body);
  expect(text).not.toContain('could not be read');
  expect(text).toContain('What AWS scheduled (2)');
  expect(text).toContain(record!.id);
  expect(text).toContain('Still unplanned (1)');
  const unplanned = text.slice(text.indexOf('Still unplanned'));
  expect(unplanned).toContain(later);
  expect(unplanned).not.toContain(moved);
});

it('the worker registers the digest as a job scheduler in the maintenance tz', async () => {
  const queue = bot.deps.queues.get(QUEUE.schedules);
  const s = await until(
    async () => (await queue.getJobSchedulers(0, -1)).find((j) => j.key === 'maintenance-digest:prod'),
    'the digest scheduler',
  );
  expect(s.pattern).toBe('0 9 * * 1');
  expect(s.tz).toBe('Asia/Seoul');
});
