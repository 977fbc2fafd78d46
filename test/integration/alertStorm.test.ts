import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { readAlertCounters } from '../../src/alerts/counters';
import { accountsYaml, ONCALL_PROD, PROD } from '../helpers/accountsConfig';
import { alarmEvent } from '../helpers/alertEvents';
import { fixture, latestOf, postEvent, postsTo } from '../helpers/alertsKit';
import { type Bed, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import { alertsIdle } from '../helpers/jobs';
import type { Moto } from '../helpers/moto';

/**
 * Route, mute, then group (issue 22 points 1 and 2), through the whole bot: webhook deliveries, the
 * aggregation window in Redis, each instance's tags read from moto, the posts recorded by the fake
 * Slack. An AZ-wide storm over three teams' instances in one account gives one message per team
 * channel (each mentioning its own on-call) plus the account channel for the untagged, a muted
 * instance is held on its own; the first event of an incident posts without waiting for the window.
 */
const TEAMS = {
  payments: { channel: 'C0PAYMENTS', oncall: 'S0PAYONCALL' },
  search: { channel: 'C0SEARCH', oncall: 'S0SEARCHONCALL' },
  checkout: { channel: 'C0CHECKOUT', oncall: 'U0CHECKONCALL' },
};
const CONFIG = accountsYaml({
  defaults: { regions: ['us-east-1'] },
  accounts: {
    prod: {
      ...ONCALL_PROD,
      regions: ['us-east-1'],
      routing: {
        tag: 'team',
        teams: Object.fromEntries(
          Object.entries(TEAMS).map(([name, t]) => [name, { channel: t.channel, oncall: [t.oncall] }]),
        ),
      },
      mutes: [{ tag: 'env=dev' }],
    },
  },
});

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
beforeAll(async () => {
  bed = await startBed({
    name: 'alert-storm',
    config: CONFIG,
    // The production window: the latency test shows the first post does not wait for it.
    env: { EC2BOT_ALERT_WINDOW_MS: '10000', EC2BOT_ALERT_PACE_MS: '100' },
  });
  ({ moto, bot } = bed);
}, 60_000);
afterAll(() => bed?.close());

const has = (c: { body: unknown }, s: string) => JSON.stringify(c.body).includes(s);
const now = () => new Date().toISOString();
const mention = (id: string) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`);

async function launch(count: number, tags: Record<string, string>): Promise<string[]> {
  const ec2 = await moto.ec2(PROD, 'us-east-1');
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      InstanceType: 't3.micro',
      MinCount: count,
      MaxCount: count,
      Placement: { AvailabilityZone: 'us-east-1a' },
      TagSpecifications: [
        { ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
      ],
    }),
  );
  return (out.Instances ?? []).map((i) => i.InstanceId!);
}

/** The one living message of a channel once it shows every id (its post, as last updated). */
const messageWith = (channel: string, ids: string[]) =>
  bot.slack.waitFor((c) => {
    const post = postsTo(c, channel).find((p) => has(latestOf(c, p), ids[0]!));
    const now = post && latestOf(c, post);
    return now && ids.every((id) => has(now, id)) ? { post, now } : undefined;
  }, 60_000);

it('the first event of an incident posts as soon as the worker has it, not when the window closes', async () => {
  const windowMs = bot.deps.tuning.alerts.windowMs;
  const [urgent] = await launch(1, { Name: 'first-urgent' });
  const t0 = Date.now();
  // another check than the storm below: its own incident, not the storm's window
  const ev = alarmEvent({
    instanceId: urgent!,
    value: 'ALARM',
    at: now(),
    metric: 'StatusCheckFailed_Instance',
  });
  await postEvent(bot.url, ev);
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, urgent!)));
  expect(post.at - t0).toBeLessThan(windowMs);
  expect(has(post, '*first-urgent*')).toBe(true); // the instance look-up is in the first post
  // informational alike (a Spot interruption warning: no mention, no buttons)
  const [spot] = await launch(1, { Name: 'first-info' });
  const warn = JSON.parse(
    JSON.stringify(fixture('spot-interruption.json')).replaceAll('i-0abc1234def567890', spot!),
  );
  const t1 = Date.now();
  await postEvent(bot.url, warn);
  const info = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, spot!)));
  expect(info.body.text).toContain('Spot interruption warning');
  expect(info.at - t1).toBeLessThan(windowMs);
}, 60_000);

it('an AZ storm over three teams: one message per team channel with its on-call, the untagged in the account channel, a muted instance held alone', async () => {
  const byTeam = Object.fromEntries(
    await Promise.all(
      Object.keys(TEAMS).map(async (team) => [team, await launch(3, { team, Name: `${team}-az` })] as const),
    ),
  ) as Record<keyof typeof TEAMS, string[]>;
  const untagged = await launch(2, { Name: 'shared-az' });
  const [muted] = await launch(1, { team: 'payments', env: 'dev', Name: 'pay-dev' });
  const mutedBefore = (await readAlertCounters(bot.deps)).muted ?? 0;
  const all = [...Object.values(byTeam).flat(), ...untagged, muted!];
  bot.slack.clear();
  const at = now();
  const results = await Promise.all(
    all.map((id) => postEvent(bot.url, alarmEvent({ instanceId: id, value: 'ALARM', at }))),
  );
  expect(results.every((r) => r.status === 202)).toBe(true);

  for (const [team, t] of Object.entries(TEAMS)) {
    const { post } = await messageWith(t.channel, byTeam[team as keyof typeof TEAMS]);
    expect(post.body.text).toContain(mention(t.oncall));
    expect(post.body.text).not.toContain('<@U0ONCALL>');
  }
  const { post: shared } = await messageWith('C0PRODALERT', untagged);
  expect(shared.body.text).toContain('<@U0ONCALL>');
  await alertsIdle(bot);

  // one living message per destination, each holding only its own instances
  for (const t of Object.values(TEAMS)) expect(postsTo(bot.slack.calls, t.channel)).toHaveLength(1);
  expect(postsTo(bot.slack.calls, 'C0PRODALERT')).toHaveLength(1);
  const said = (channel: string) =>
    JSON.stringify(bot.slack.calls.filter((c) => c.body.channel === channel).map((c) => c.body));
  const channelOf = (id: string) =>
    [...Object.values(TEAMS).map((t) => t.channel), 'C0PRODALERT'].filter((ch) => said(ch).includes(id));
  for (const [team, ids] of Object.entries(byTeam))
    for (const id of ids) expect(channelOf(id)).toEqual([TEAMS[team as keyof typeof TEAMS].channel]);
  for (const id of untagged) expect(channelOf(id)).toEqual(['C0PRODALERT']);
  // the muted instance: nowhere in Slack, counted once, listed by /ec2 mutes; the others still alerted
  expect(bot.slack.calls.some((c) => has(c, muted!))).toBe(false);
  expect((await readAlertCounters(bot.deps)).muted).toBe(mutedBefore + 1);
  const { body } = await bot.command('mutes');
  expect(body.text).toContain(`on \`${muted}\``);
  expect(body.text).not.toContain(byTeam.payments[0]!);
  // each channel paced: at most one Slack call per pace interval (1 s in production)
  const pace = bot.deps.tuning.alerts.paceMs;
  for (const channel of [...Object.values(TEAMS).map((t) => t.channel), 'C0PRODALERT']) {
    const stamps = bot.slack.calls.filter((c) => c.body.channel === channel).map((c) => c.at);
    for (let i = 1; i < stamps.length; i++)
      expect((stamps[i] ?? 0) - (stamps[i - 1] ?? 0)).toBeGreaterThanOrEqual(pace * 0.9);
  }
}, 120_000);
