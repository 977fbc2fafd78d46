import { readAlertCounters } from '../../src/alerts/counters';
import { accountsYaml, EUROPE, PROD, STAGING } from '../helpers/accountsConfig';
import {
  alertIdOf,
  buttonsOf,
  fixture,
  postEvent,
  postSns,
  postsTo,
  TestSns,
  windowsClosed,
} from '../helpers/alertsKit';
import { type Bed, FAST_ALERTS, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import type { SlackCall } from '../helpers/fakeSlack';
import type { Moto } from '../helpers/moto';
import { until } from '../helpers/ops';

/**
 * Every AWS delivery kind through the real bot: the real-format fixtures (test/fixtures/aws/README.md
 * says where each shape comes from) posted to POST /webhooks/aws — signed SNS for the alarm
 * notification — then BullMQ on the real Redis, instance facts from moto, and the fake Slack.
 */
const TOPIC = 'arn:aws:sns:us-east-1:111111111111:ec2-alerts';
const CONFIG = accountsYaml({
  defaults: { regions: ['us-east-1'] },
  accounts: {
    prod: {
      id: PROD,
      regions: ['us-east-1', 'eu-west-1'],
      alert_channel: 'C0PRODALERT',
      oncall: ['U0ONCALL'],
      operators: ['U0ALICE'],
      sns_topics: [TOPIC],
    },
    staging: { id: STAGING, regions: ['us-east-1'], alert_channel: 'C0STAGEALERT', operators: ['U0ALICE'] },
    europe: { id: EUROPE, regions: ['eu-west-1'], alert_channel: 'C0EUALERT', operators: ['U0ALICE'] },
  },
});

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
const sns = new TestSns();
beforeAll(async () => {
  await sns.start();
  bed = await startBed({ name: 'alert-deliveries', config: CONFIG, snsHttp: sns.http, env: FAST_ALERTS });
  ({ moto, bot } = bed);
});
afterAll(async () => {
  await bed?.close();
  await sns.stop();
});
beforeEach(() => bot.slack.clear());

const has = (c: SlackCall, s: string) => JSON.stringify(c.body).includes(s);
const send = async (ev: unknown) => expect((await postEvent(bot.url, ev)).status).toBe(202);
const launch = async (name: string, account = '111111111111') =>
  ((await moto.launch(account, 'us-east-1', { name })) as [string])[0];
/** A fixture about one of our moto instances: its instance id replaced everywhere. */
const about = (name: string, id: string, at?: string) => {
  let text = JSON.stringify(fixture(name)).replaceAll('i-0abc1234def567890', id);
  if (at) text = text.replaceAll('2026-08-27T17:04:40.989+0000', at);
  return JSON.parse(text);
};
const stamp = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString().replace('Z', '+0000');

// Each test's alarms open their own message: the previous test's alert windows are closed first.
afterEach(() => windowsClosed(bot));

it('a CloudWatch alarm notification sent by an alarm action to SNS opens the alert; its OK resolves it', async () => {
  const id = await launch('sns-web');
  const alarm = about('sns-alarm-notification.json', id, stamp());
  const m = sns.envelope({
    Type: 'Notification',
    TopicArn: TOPIC,
    Subject: 'ALARM: "web-1-system-check" in US East (N. Virginia)',
    Message: JSON.stringify(alarm),
  });
  expect((await postSns(bot.url, m)).status).toBe(202);
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
  expect(post.body.text).toContain('System status check failed');
  expect(post.body.text).toContain('<@U0ONCALL>');
  expect(has(post, '*sns-web*')).toBe(true);
  expect(buttonsOf(post).map((b) => b.text)).toEqual(expect.arrayContaining([`Recover ${id}`]));
  const ok = { ...alarm, NewStateValue: 'OK', OldStateValue: 'ALARM', StateChangeTime: stamp(2000) };
  expect(
    (
      await postSns(
        bot.url,
        sns.envelope({ Type: 'Notification', TopicArn: TOPIC, Message: JSON.stringify(ok) }),
      )
    ).status,
  ).toBe(202);
  const update = await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === post.ts),
  );
  expect(update.body.text).toContain('(resolved)');
});

it('a StatusCheckFailed_AttachedEBS alarm is urgent and offers no stop/start', async () => {
  const id = await launch('ebs-web');
  const ev = about('alarm-attached-ebs.json', id);
  ev.detail.state.timestamp = stamp();
  await send(ev);
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
  expect(post.body.text).toContain('Attached EBS status check failed');
  expect(post.body.text).toContain('<@U0ONCALL>');
  expect(has(post, 'a stop + start does not fix it')).toBe(true);
  expect(buttonsOf(post).some((b) => b.action_id.startsWith('ec2.op'))).toBe(false);
});

it('a public Health event is one notice per managed account-region, updated and closed in place', async () => {
  const ev = fixture('health-public-issue.json');
  const arn = `${ev.detail.eventArn}-${Date.now()}`;
  ev.detail.eventArn = arn;
  await send(ev);
  const prod = await bot.slack.waitFor((c) =>
    postsTo(c, 'C0PRODALERT').find((p) => has(p, 'AWS: Operational issue in us-east-1')),
  );
  const stage = await bot.slack.waitFor((c) =>
    postsTo(c, 'C0STAGEALERT').find((p) => has(p, 'AWS: Operational issue in us-east-1')),
  );
  expect(has(prod, 'Recover* (stop + start) may fail')).toBe(true);
  expect(buttonsOf(prod).some((b) => b.action_id.startsWith('ec2.op'))).toBe(false);
  // the same event through staging's own rule changes nothing; AWS's update and close update the notices
  const viaStaging = JSON.parse(JSON.stringify(ev));
  viaStaging.account = '222222222222';
  viaStaging.detail.affectedAccount = '222222222222';
  await send(viaStaging);
  const update = JSON.parse(JSON.stringify(ev));
  update.detail.lastUpdatedTime = 'Thu, 27 Aug 2026 11:00:00 GMT';
  update.detail.eventDescription[0].latestDescription =
    'We have identified the cause and are working towards recovery.';
  await send(update);
  await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === prod.ts && has(x, 'identified the cause')),
  );
  const closed = JSON.parse(JSON.stringify(update));
  closed.detail.lastUpdatedTime = 'Thu, 27 Aug 2026 12:00:00 GMT';
  closed.detail.statusCode = 'closed';
  await send(closed);
  await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === stage.ts && has(x, '(resolved)')),
  );
  expect(
    postsTo(bot.slack.calls, 'C0PRODALERT').filter((p) => has(p, 'AWS: Operational issue')),
  ).toHaveLength(1);
  expect(
    postsTo(bot.slack.calls, 'C0STAGEALERT').filter((p) => has(p, 'AWS: Operational issue')),
  ).toHaveLength(1);
  expect(postsTo(bot.slack.calls, 'C0EUALERT')).toHaveLength(0);
});

it('a Spot interruption warning is informational, and the stop it announced raises no "unexpected stop"', async () => {
  const id = await launch('spot-worker');
  const warn = about('spot-interruption.json', id);
  warn.time = new Date().toISOString();
  await send(warn);
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
  expect(post.body.text).toContain('Spot interruption warning');
  expect(post.body.text).not.toContain('<@U0ONCALL>');
  expect(buttonsOf(post).some((b) => b.action_id.startsWith('ec2.op'))).toBe(false);
  const stopped = fixture('state-stopped.json');
  stopped.detail = { 'instance-id': id, state: 'terminated' };
  stopped.time = new Date(Date.now() + 1000).toISOString();
  await send(stopped);
  await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === post.ts && has(x, 'terminated')),
  );
  expect(postsTo(bot.slack.calls, 'C0PRODALERT').some((p) => has(p, 'unexpectedly') && has(p, id))).toBe(
    false,
  );
  const rebalance = about('spot-rebalance.json', await launch('spot-2'));
  rebalance.time = new Date().toISOString();
  await send(rebalance);
  const rb = await bot.slack.waitFor((c) =>
    postsTo(c, 'C0PRODALERT').find((p) => has(p, 'Spot rebalance recommendation')),
  );
  expect(rb.body.text).not.toContain('<@U0ONCALL>');
  // an account the bot does not manage: counted, not posted
  const before = (await readAlertCounters(bot.deps))['ignored:spot-not-managed'] ?? 0;
  const stranger = about('spot-interruption.json', id);
  stranger.account = '999999999999';
  stranger.time = new Date().toISOString();
  await send(stranger);
  await until(
    async () => ((await readAlertCounters(bot.deps))['ignored:spot-not-managed'] ?? 0) === before + 1,
    'the count',
  );
});

it('a Dedicated Host event is worded as hosts, without instance buttons', async () => {
  const ev = fixture('health-dedicated-host.json');
  ev.detail.eventArn = `${ev.detail.eventArn}-${Date.now()}`;
  await send(ev);
  const post = await bot.slack.waitFor((c) =>
    postsTo(c, 'C0PRODALERT').find((p) => has(p, 'h-0d123456bbf78910d')),
  );
  expect(post.body.text).toContain('1 Dedicated Host');
  expect(has(post, 'Every instance on this Dedicated Host is affected')).toBe(true);
  expect(buttonsOf(post).some((b) => b.action_id.startsWith('ec2.op'))).toBe(false);
});

it("AWS's automatic recovery: success is informational (and told on the check's alert), failure is urgent", async () => {
  const id = await launch('auto-rec');
  const alarm = about('alarm-system-alarm.json', id);
  alarm.detail.state.timestamp = stamp();
  await send(alarm);
  const check = await bot.slack.waitFor((c) =>
    postsTo(c, 'C0PRODALERT').find((p) => has(p, id) && has(p, 'System status check')),
  );
  await send(about('health-auto-recovery-success.json', id));
  const info = await bot.slack.waitFor((c) =>
    postsTo(c, 'C0PRODALERT').find((p) => has(p, 'AWS recovered the instance')),
  );
  expect(info.body.text).not.toContain('<@U0ONCALL>');
  await bot.slack.waitFor((c) => c.find((x) => x.body.thread_ts === check.ts && has(x, 'AWS recovered')));
  const id2 = await launch('auto-fail');
  await send(about('health-auto-recovery-failure.json', id2));
  const fail = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id2)));
  expect(fail.body.text).toContain("AWS's automatic recovery failed");
  expect(fail.body.text).toContain('<@U0ONCALL>');
  expect(has(fail, "now it's on you")).toBe(true);
  expect(buttonsOf(fail).map((b) => b.text)).toContain(`Recover ${id2}`);
  expect(alertIdOf(fail)).toMatch(/^a/);
});

it('a delivery type the bot does not handle is counted by detail-type in /metrics and logged once', async () => {
  const ami = {
    version: '0',
    id: 'x',
    'detail-type': 'EC2 AMI State Change',
    source: 'aws.ec2',
    account: '111111111111',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: { State: 'available' },
  };
  for (let i = 0; i < 3; i++)
    expect((await postEvent(bot.url, { ...ami, id: `x${i}` })).body.status).toBe('ignored');
  const metrics = await (await fetch(`${bot.url}/metrics`)).text();
  expect(metrics).toContain(
    'ec2bot_webhook_unhandled{source="aws.ec2",detail_type="EC2 AMI State Change"} 3',
  );
  const logged = bot.logs.filter((l) => l.includes('does not handle') && l.includes('EC2 AMI State Change'));
  expect(logged).toHaveLength(1);
});
