import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { readAlertCounters } from '../../src/alerts/counters';
import { accountsYaml, EUROPE, withChanges } from '../helpers/accountsConfig';
import { alarmEvent, healthEvent } from '../helpers/alertEvents';
import { postEvent, postsTo, windowsClosed } from '../helpers/alertsKit';
import { type Bed, FAST_ALERTS, startBed } from '../helpers/bed';
import { type TestBot, TWO_ACCOUNTS_SPEC } from '../helpers/bot';
import type { Moto } from '../helpers/moto';
import { until } from '../helpers/ops';

/**
 * Routing by instance tag and mute rules, through the whole bot: a real webhook delivery, the alert
 * window in Redis, the instance's tags read from moto (DescribeInstances through the account's role),
 * and the post recorded by the fake Slack.
 */
const PROD = '111111111111';
const REBOOT = 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED';
const ROUTING = { tag: 'team', teams: { payments: { channel: 'C0PAYMENTS', oncall: ['S0PAYONCALL'] } } };
const CONFIG = accountsYaml(
  withChanges(TWO_ACCOUNTS_SPEC, {
    accounts: {
      prod: { routing: ROUTING, mutes: [{ event: REBOOT, tag: 'env=dev' }] },
      teamonly: { id: EUROPE, routing: ROUTING },
    },
  }),
);

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
beforeAll(async () => {
  bed = await startBed({ name: 'alert-routing', config: CONFIG, env: FAST_ALERTS });
  ({ moto, bot } = bed);
}, 60_000);
afterAll(() => bed?.close());

const now = () => new Date().toISOString();
const has = (c: { body: unknown }, s: string) => JSON.stringify(c.body).includes(s);

async function launchTagged(tags: Record<string, string>, account = PROD): Promise<string> {
  const ec2 = await moto.ec2(account, 'us-east-1');
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [
        { ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
      ],
    }),
  );
  return out.Instances![0]!.InstanceId!;
}

// Each test's alarms open their own message: the previous test's alert windows are closed first.
afterEach(() => windowsClosed(bot));

it("an alert for an instance tagged team=payments goes to the team's channel and mentions its on-call", async () => {
  const paying = await launchTagged({ Name: 'pay-1', team: 'payments' });
  const other = await launchTagged({ Name: 'web-1', team: 'search' }); // no such team: the account's channel
  await postEvent(bot.url, alarmEvent({ instanceId: paying, value: 'ALARM', at: now() }));
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PAYMENTS').find((p) => has(p, paying)));
  expect(post.body.text).toContain('<!subteam^S0PAYONCALL>');
  expect(post.body.text).not.toContain('<@U0ONCALL>');
  await postEvent(bot.url, alarmEvent({ instanceId: other, value: 'ALARM', at: now() }));
  const prod = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, other)));
  expect(prod.body.text).toContain('<@U0ONCALL>');
  expect(postsTo(bot.slack.calls, 'C0PRODALERT').some((p) => has(p, paying))).toBe(false);
});

it('an account without a channel of its own still routes its team alerts; the rest is dropped and counted', async () => {
  const paying = await launchTagged({ Name: 'pay-2', team: 'payments' }, '333333333333');
  const before = (await readAlertCounters(bot.deps))['ignored:no-channel'] ?? 0;
  const stray = await launchTagged({ Name: 'stray-1' }, '333333333333');
  await postEvent(
    bot.url,
    alarmEvent({ instanceId: stray, value: 'ALARM', at: now(), account: '333333333333' }),
  );
  await until(
    async () => ((await readAlertCounters(bot.deps))['ignored:no-channel'] ?? 0) > before,
    'the alert without a channel to be counted',
    30_000,
  );
  await postEvent(
    bot.url,
    alarmEvent({ instanceId: paying, value: 'ALARM', at: now(), account: '333333333333' }),
  );
  await bot.slack.waitFor((c) => postsTo(c, 'C0PAYMENTS').find((p) => has(p, paying)));
  expect(bot.slack.calls.some((c) => has(c, stray))).toBe(false);
});

it('a mute rule holds a matching alert: not posted, counted, listed by /ec2 mutes', async () => {
  const dev = await launchTagged({ Name: 'dev-1', env: 'dev' });
  const live = await launchTagged({ Name: 'live-1', env: 'prod' });
  const before = (await readAlertCounters(bot.deps)).muted ?? 0;
  await postEvent(
    bot.url,
    healthEvent({
      entities: [dev],
      code: REBOOT,
      eventArn: `arn:aws:health:us-east-1::event/EC2/${REBOOT}/dev`,
    }),
  );
  // Wait for the count (the alert's outcome), polling the shared counter: nothing is posted to wait on.
  await until(
    async () => ((await readAlertCounters(bot.deps)).muted ?? 0) > before,
    'the muted alert to be counted',
    30_000,
  );
  // The same event on an instance without env=dev is posted: the rule is on the tag, not the event alone.
  await postEvent(
    bot.url,
    healthEvent({
      entities: [live],
      code: REBOOT,
      eventArn: `arn:aws:health:us-east-1::event/EC2/${REBOOT}/live`,
    }),
  );
  await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, live)));
  expect(bot.slack.calls.some((c) => has(c, dev))).toBe(false);
  expect((await readAlertCounters(bot.deps)).muted).toBe(before + 1);

  const { body } = await bot.command('mutes');
  expect(body.text).toContain(`*prod* — event \`${REBOOT}\` and tag \`env=dev\`: held 1 alert`);
  expect(body.text).toContain(`\`${REBOOT}\` on \`${dev}\``);
  expect(body.text).not.toContain(live);
  const metrics = await (await fetch(`${bot.url}/metrics`)).text();
  expect(metrics).toMatch(/ec2bot_alerts_total\{stage="muted"\} [1-9]/);
});
