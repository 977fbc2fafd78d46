import { noteOperationOutcome } from '../../src/alerts/operationOutcome';
import { QUEUE } from '../../src/jobs/queues';
import { accountsYaml, ONCALL_PROD, PROD } from '../helpers/accountsConfig';
import { alarmEvent, newInstanceId } from '../helpers/alertEvents';
import {
  alertIdOf,
  buttonPress,
  buttonsOf,
  fixture,
  latestOf,
  noLivingAlert,
  postEvent,
  shownIn,
} from '../helpers/alertsKit';
import { type Bed, FAST_ALERTS, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import { FakePager } from '../helpers/fakePager';
import type { SlackCall } from '../helpers/fakeSlack';
import { alertsIdle } from '../helpers/jobs';
import type { Moto } from '../helpers/moto';

/**
 * Every line of an alert true (issue 22 point 3), through the real bot: the instance look-up from moto
 * decides the buttons and the words, a resolved card shows the state and IP of now, and Acknowledge or
 * Snooze on a resolved alert touch no pager (PagerDuty is a local fake: no real PagerDuty is reachable).
 */
const CONFIG = accountsYaml({
  defaults: { regions: ['us-east-1'] },
  accounts: {
    prod: {
      ...ONCALL_PROD,
      escalation: { after_minutes: 5 },
      pagerduty: { routing_key_env: 'PD_KEY_TRUTH' },
    },
  },
});

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
const pager = new FakePager();
beforeAll(async () => {
  await pager.start();
  process.env.PD_KEY_TRUTH = 'R0UTINGKEY0123456789012345678901';
  bed = await startBed({
    name: 'alert-truth',
    config: CONFIG,
    env: { ...FAST_ALERTS, PAGERDUTY_EVENTS_URL: pager.eventsUrl },
  });
  ({ moto, bot } = bed);
}, 60_000);
afterAll(async () => {
  await bed?.close();
  await pager.stop();
});

const has = (c: SlackCall, s: string) => JSON.stringify(c.body).includes(s);
const at = (s = 0) => new Date(Date.now() + s * 1000).toISOString();
const send = async (ev: unknown) => expect((await postEvent(bot.url, ev)).status).toBe(202);
/** The alert message that shows this instance: its post, or the update of a living alert it joined. */
const postAbout = (id: string) =>
  bot.slack.waitFor((c) => shownIn(c, 'C0PRODALERT').find((p) => has(p, id)), 60_000);
const launch = async (name: string) => ((await moto.launch(PROD, 'us-east-1', { name })) as [string])[0];
const press = async (actionId: string, alertId: string, ts: string) => {
  const responseUrl = bot.slack.responseUrl();
  await bot.action(
    buttonPress({ actionId, value: alertId, user: 'U0ONCALL', channel: 'C0PRODALERT', ts, responseUrl }),
  );
  const id = responseUrl.split('/').pop();
  return bot.slack.waitFor((c) => c.find((x) => x.responseId === id));
};

it('Acknowledge and Snooze on a resolved alert answer "already resolved" and touch no pager', async () => {
  const id = await launch('resolved-then-acked');
  await send(alarmEvent({ instanceId: id, value: 'ALARM', at: at() }));
  const post = await postAbout(id);
  const alertId = alertIdOf(post);
  await pager.waitFor(() => pager.actions('/v2/enqueue', alertId).includes('trigger'));
  await send(alarmEvent({ instanceId: id, value: 'OK', at: at(1) }));
  await pager.waitFor(() => pager.actions('/v2/enqueue', alertId).includes('resolve'));
  const ack = await press('ec2.alert.ack', alertId, post.ts!);
  expect(ack.body.text).toContain('already resolved');
  const snooze = await press('ec2.alert.snooze#1h', alertId, post.ts!);
  expect(snooze.body.text).toContain('already resolved');
  expect(snooze.body.text).not.toContain('Already acknowledged');
  await alertsIdle(bot);
  expect(pager.actions('/v2/enqueue', alertId)).toEqual(['trigger', 'resolve']);
  expect(bot.slack.calls.some((c) => has(c, 'escalation cancelled') && has(c, post.ts!))).toBe(false);
  expect(await bot.deps.queues.get(QUEUE.alerts).getJob(`esc-${alertId}`)).toBeUndefined();
  const marks = await bot.deps.redis.exists(`{${bot.deps.keyPrefix}:alert:${alertId}}:ack`);
  expect(marks).toBe(0);
});

it('the look-up decides: a running instance "stopped unexpectedly" gets no Start; an unknown one reads not found', async () => {
  const running = await launch('came-back');
  const stopped = fixture('state-stopped.json');
  stopped.detail = { 'instance-id': running, state: 'stopped' };
  stopped.time = at();
  await send(stopped);
  const post = await postAbout(running);
  expect(buttonsOf(post).map((b) => b.text)).not.toContain(`Start ${running}`);
  expect(has(post, 'stopped, running again now')).toBe(true);
  const ghost = newInstanceId();
  await send(alarmEvent({ instanceId: ghost, value: 'ALARM', at: at() }));
  const missing = await postAbout(ghost);
  expect(has(missing, `not found in *prod* us-east-1 — terminated or never existed`)).toBe(true);
  expect(has(missing, 'not-found')).toBe(false);
  expect(has(missing, '*Recover*')).toBe(false);
  expect(buttonsOf(missing).filter((b) => b.action_id.startsWith('ec2.op'))).toEqual([]);
});

it('a recovered alert shows the state and IP of now, none open, and what repeated', async () => {
  const id = await launch('recovered');
  await noLivingAlert(bot, 'C0PRODALERT');
  await send(alarmEvent({ instanceId: id, value: 'ALARM', at: at() }));
  const post = await postAbout(id);
  await send(alarmEvent({ instanceId: id, value: 'ALARM', at: at(1) }));
  await bot.slack.waitFor((c) => has(latestOf(c, post), 'alarm 2×'));
  const before = /· (\d+\.\d+\.\d+\.\d+) —/.exec(JSON.stringify(post.body))?.[1];
  expect(before).toBeDefined();
  await noteOperationOutcome(bot.deps, alertIdOf(post), {
    op: 'recover',
    outcome: 'done',
    by: 'U0ONCALL',
    at: new Date(),
    summary: 'moved to a new host: running, both status checks pass.',
    publicIp: { before, after: '198.51.100.7' },
    instanceId: id,
  });
  const card = await bot.slack.waitFor((c) => {
    const now = latestOf(c, post);
    return has(now, 'Recovered by') && now;
  });
  const line = (card.body.blocks as any[]).map((b) => JSON.stringify(b)).find((b) => b.includes(id))!;
  expect(line).toContain('198.51.100.7');
  expect(line).not.toContain(`${before} —`);
  expect(line).not.toMatch(/— ALARM/);
  expect(card.body.text).toContain('none open');
  expect(has(card, 'Public IPv4 ')).toBe(true);
  expect(has(card, '., ')).toBe(false);
});
