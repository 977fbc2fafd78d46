import { readAlertCounters } from '../../src/alerts/counters';
import { AlertOutbox } from '../../src/alerts/outbox';
import { ALERT_SEND } from '../../src/jobs/alertSend';
import { QUEUE } from '../../src/jobs/queues';
import { redisKeys } from '../../src/redis/keys';
import { alarmEvent, newInstanceId } from '../helpers/alertEvents';
import { postEvent, postsTo } from '../helpers/alertsKit';
import { type Bed, FAST_ALERTS, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import type { SlackCall } from '../helpers/fakeSlack';
import type { Moto } from '../helpers/moto';
import { textOf, until } from '../helpers/ops';

/**
 * Slack being down loses nothing: the fake Slack answers `{ok:false, error:"internal_error"}` (HTTP
 * 200) or 503 for a while; alerts, an operation's result and a command's answer arrive once it is
 * back. Faults in the alert outbox itself are injected too: a sender job that is gone, a corrupt item,
 * a post whose answer was lost. Real bot, Redis, BullMQ and moto; Slack is the fake (no workspace).
 */
let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
beforeAll(async () => {
  bed = await startBed({ name: 'slack-outage', env: FAST_ALERTS });
  ({ moto, bot } = bed);
});
afterAll(() => bed?.close());
beforeEach(() => bot.slack.clear());

const now = () => new Date().toISOString();
const has = (c: SlackCall, s: string) => JSON.stringify(c.body).includes(s);
const okCalls = (c: SlackCall[]) => c.filter((x) => !x.method.includes(':'));

it('an alert, an operation result and a command answer made during a 20 s outage all arrive after it', async () => {
  const [id] = await moto.launch('222222222222', 'us-east-1', { name: 'outage-web' });
  // Slack goes down right after it accepted the operation's plan message: the rest happens in the dark
  bot.slack.downAfter(
    (c) => c.method === 'chat.postMessage' && has(c, id!) && !c.body.thread_ts,
    20_000,
    'internal_error',
  );
  await bot.command(`reboot staging ${id}`, { user: 'U0ALICE', channel: 'C0STAGEALERT' });
  await bot.slack.waitFor((c) => c.some((x) => x.method.endsWith(':down')), 20_000);
  const window = bot.slack.outageWindow!;
  const alertId = newInstanceId();
  expect(
    (await postEvent(bot.url, alarmEvent({ instanceId: alertId, value: 'ALARM', at: now() }))).status,
  ).toBe(202);
  const find = await bot.command('find staging outage-web', { channel: 'C0STAGEALERT' });
  const findId = find.responseUrl.split('/').pop();

  const alert = await bot.slack.waitFor(
    (c) => postsTo(okCalls(c), 'C0PRODALERT').find((p) => has(p, alertId)),
    90_000,
  );
  const done = await bot.slack.waitFor(
    (c) =>
      okCalls(c).find((x) => x.method === 'chat.update' && has(x, id!) && textOf(x.body).includes('done')),
    90_000,
  );
  const answer = await bot.slack.waitFor(
    (c) => okCalls(c).find((x) => x.responseId === findId && has(x, id!)),
    90_000,
  );
  for (const c of [alert, done, answer]) expect(c.at).toBeGreaterThanOrEqual(window.until);
  const refused = bot.slack.calls.filter((c) => c.method.endsWith(':down')).map((c) => c.method);
  expect(refused).toEqual(expect.arrayContaining(['chat.postMessage:down', 'response_url:down']));
  // every alert message once, nothing dropped; the retries are in /metrics
  expect(postsTo(okCalls(bot.slack.calls), 'C0PRODALERT').filter((p) => has(p, alertId))).toHaveLength(1);
  const counters = await readAlertCounters(bot.deps);
  expect(counters['slack-retry']).toBeGreaterThan(0);
  expect(counters['slack-gave-up'] ?? 0).toBe(0);
  const metrics = await (await fetch(`${bot.url}/metrics`)).text();
  expect(metrics).toMatch(
    /ec2bot_slack_retries_total\{method="chat.postMessage",error="internal_error"\} [1-9]/,
  );
  expect(metrics).toMatch(/ec2bot_slack_retries_total\{method="response_url",error="internal_error"\} [1-9]/);
}, 120_000);

it('a 503 outage holds the alert until Slack answers again', async () => {
  bot.slack.down(4000, 503);
  const id = newInstanceId();
  await postEvent(bot.url, alarmEvent({ instanceId: id, value: 'ALARM', at: now() }));
  const post = await bot.slack.waitFor(
    (c) => postsTo(okCalls(c), 'C0PRODALERT').find((p) => has(p, id)),
    40_000,
  );
  expect(post.at).toBeGreaterThanOrEqual(bot.slack.outageWindow!.until);
  expect(bot.slack.calls.some((c) => c.method === 'chat.postMessage:down' && has(c, id))).toBe(true);
}, 60_000);

it('a post whose answer was lost is found in the channel history, not posted twice', async () => {
  bot.slack.loseAnswers('chat.postMessage', 1);
  const id = newInstanceId();
  await postEvent(bot.url, alarmEvent({ instanceId: id, value: 'ALARM', at: now() }));
  await bot.slack.waitFor((c) => c.some((x) => x.method === 'conversations.history'), 30_000);
  // the later OK updates the message the lost answer belonged to
  await postEvent(
    bot.url,
    alarmEvent({ instanceId: id, value: 'OK', at: new Date(Date.now() + 1000).toISOString() }),
  );
  const update = await bot.slack.waitFor(
    (c) => c.find((x) => x.method === 'chat.update' && has(x, id)),
    30_000,
  );
  const posts = postsTo(bot.slack.calls, 'C0PRODALERT').filter((p) => has(p, id));
  expect(posts).toHaveLength(1);
  expect(update.body.ts).toBe(posts[0]!.ts);
}, 60_000);

it('a channel whose sender job failed outright does not stall: the next alert goes out at once', async () => {
  const outbox = new AlertOutbox(bot.deps);
  const { lane, drainer: flag } = redisKeys(bot.deps.keyPrefix).outbox('C0PRODALERT');
  await until(async () => (await bot.deps.redis.exists(flag)) === 0, 'the lane to be idle');
  // A sender that died for good: the flag names a job that failed (its retries spent), and a corrupt
  // item waits in the lane. Before, the lane waited for the flag's 10-minute TTL.
  const dead = await bot.deps.queues.enqueue(
    ALERT_SEND,
    { correlationId: 'x', channel: 'C0PRODALERT' },
    { jobId: 'send-dead-1', attempts: 1, delay: 3_600_000 },
  );
  await (await bot.deps.queues.get(QUEUE.alerts).getJob(dead))!.remove();
  await bot.deps.redis.set(flag, dead, 'EX', 600);
  await bot.deps.redis.rpush(lane, '{not json');
  expect(await outbox.length('C0PRODALERT')).toBe(1);
  const id = newInstanceId();
  const t0 = Date.now();
  await postEvent(bot.url, alarmEvent({ instanceId: id, value: 'ALARM', at: now() }));
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)), 15_000);
  expect(post.at - t0).toBeLessThan(10_000);
  expect(bot.logs.join('')).toContain('corrupt alert outbox item; dropped');
  expect(bot.logs.join('')).toContain('drainer gone; a new one takes the lane');
}, 30_000);
