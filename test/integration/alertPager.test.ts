import { readAlertCounters } from '../../src/alerts/counters';
import { noteOperationOutcome } from '../../src/alerts/operationOutcome';
import { QUEUE } from '../../src/jobs/queues';
import { accountsYaml, ONCALL_PROD, STAGING } from '../helpers/accountsConfig';
import { alarmEvent } from '../helpers/alertEvents';
import { alertIdOf, buttonPress, postEvent, postsTo, windowsClosed } from '../helpers/alertsKit';
import { type Bed, FAST_ALERTS, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import { FakePager } from '../helpers/fakePager';
import type { SlackCall } from '../helpers/fakeSlack';
import type { Moto } from '../helpers/moto';
import { until } from '../helpers/ops';

/**
 * Hand-off to a pager: urgent alerts of `prod` go to PagerDuty Events API v2 (a local fake at
 * PAGERDUTY_EVENTS_URL) and to a generic JSON webhook; trigger with dedup_key = the alert id,
 * acknowledge on Acknowledge, resolve on OK / Resolve / a successful operation. A pager outage never
 * holds the Slack alert; failed sends are retried by the alert-page job and counted.
 */
const CONFIG = accountsYaml({
  defaults: { regions: ['us-east-1'] },
  accounts: {
    prod: {
      ...ONCALL_PROD,
      pagerduty: { routing_key_env: 'PD_KEY_TEST' },
      alert_webhook: { url_env: 'OPS_HOOK_URL_TEST', token_env: 'OPS_HOOK_TOKEN_TEST' },
    },
    staging: { id: STAGING, alert_channel: 'C0STAGEALERT', operators: ['U0ALICE'] },
  },
});

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
const pager = new FakePager();
beforeAll(async () => {
  await pager.start();
  process.env.PD_KEY_TEST = 'R0UTINGKEY0123456789012345678901';
  process.env.OPS_HOOK_URL_TEST = pager.hookUrl;
  process.env.OPS_HOOK_TOKEN_TEST = 'hook-token-0123';
  bed = await startBed({
    name: 'alert-pager',
    config: CONFIG,
    env: { ...FAST_ALERTS, PAGERDUTY_EVENTS_URL: pager.eventsUrl },
  });
  ({ moto, bot } = bed);
});
afterAll(async () => {
  await bed?.close();
  await pager.stop();
});
beforeEach(() => bot.slack.clear());

const has = (c: SlackCall, s: string) => JSON.stringify(c.body).includes(s);
const at = (s = 0) => new Date(Date.now() + s * 1000).toISOString();
const launch = async (name: string) =>
  ((await moto.launch('111111111111', 'us-east-1', { name })) as [string])[0];
const press = (actionId: string, alertId: string, ts: string) =>
  bot.action(
    buttonPress({
      actionId,
      value: alertId,
      user: 'U0ONCALL',
      channel: 'C0PRODALERT',
      ts,
      responseUrl: bot.slack.responseUrl(),
    }),
  );

// Each test's alarms open their own message: the previous test's alert windows are closed first.
afterEach(() => windowsClosed(bot));

it('triggers, acknowledges and resolves with dedup_key = the alert id (PagerDuty and the webhook)', async () => {
  const id = await launch('paged-1');
  await postEvent(bot.url, alarmEvent({ instanceId: id, value: 'ALARM', at: at() }));
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
  const alertId = alertIdOf(post);
  const trigger = await pager.waitFor((c) =>
    c.find((x) => x.path === '/v2/enqueue' && x.body.dedup_key === alertId),
  );
  expect(trigger.body).toMatchObject({
    routing_key: process.env.PD_KEY_TEST,
    event_action: 'trigger',
    payload: { severity: 'critical', class: 'StatusCheckFailed_System', component: id, group: 'prod' },
  });
  expect(trigger.body.payload.summary).toContain('System status check failed');
  await press('ec2.alert.ack', alertId, post.ts!);
  await pager.waitFor(() => pager.actions('/v2/enqueue', alertId).includes('acknowledge'));
  await postEvent(bot.url, alarmEvent({ instanceId: id, value: 'OK', at: at(2) }));
  await pager.waitFor(() => pager.actions('/v2/enqueue', alertId).includes('resolve'));
  await pager.waitFor(() => pager.actions('/hook', alertId).includes('resolve'));
  expect(pager.actions('/v2/enqueue', alertId)).toEqual(['trigger', 'acknowledge', 'resolve']);
  expect(pager.actions('/hook', alertId)).toEqual(['trigger', 'acknowledge', 'resolve']);
  const hook = pager.calls.find((c) => c.path === '/hook' && c.body.dedup_key === alertId)!;
  expect(hook.headers.authorization).toBe('Bearer hook-token-0123');
  expect(hook.body).toMatchObject({ event: 'trigger', account: 'prod', urgent: true, entities: [{ id }] });
});

it('Resolve and a successful operation resolve the incident; non-urgent and unpaged accounts send nothing', async () => {
  const id = await launch('paged-2');
  await postEvent(bot.url, alarmEvent({ instanceId: id, value: 'ALARM', at: at() }));
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
  const a1 = alertIdOf(post);
  await pager.waitFor(() => pager.actions('/v2/enqueue', a1).includes('trigger'));
  await press('ec2.alert.resolve', a1, post.ts!);
  await pager.waitFor(() => pager.actions('/v2/enqueue', a1).includes('resolve'));
  expect(pager.actions('/v2/enqueue', a1)).toEqual(['trigger', 'resolve']);
  const id2 = await launch('paged-3');
  await postEvent(bot.url, alarmEvent({ instanceId: id2, value: 'ALARM', at: at() }));
  const post2 = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id2)));
  const a2 = alertIdOf(post2);
  await pager.waitFor(() => pager.actions('/v2/enqueue', a2).includes('trigger'));
  await noteOperationOutcome(bot.deps, a2, {
    op: 'recover',
    outcome: 'done',
    by: 'U0ONCALL',
    at: new Date(),
    summary: 'checks OK',
  });
  await pager.waitFor(() => pager.actions('/v2/enqueue', a2).includes('resolve'));
  await pager.waitFor(() => pager.actions('/hook', a2).includes('resolve'));
  const before = pager.calls.length;
  await postEvent(
    bot.url,
    alarmEvent({ instanceId: await launch('stage-1'), value: 'ALARM', at: at(), account: '222222222222' }),
  );
  await bot.slack.waitFor((c) => postsTo(c, 'C0STAGEALERT')[0]);
  await until(
    async () => (await bot.deps.queues.get(QUEUE.alerts).getJobCounts('waiting', 'active')).active === 0,
    'alerts idle',
  );
  expect(pager.calls.length).toBe(before);
});

it('a pager outage never holds the Slack alert; the trigger is retried and counted', async () => {
  pager.down(3);
  const id = await launch('paged-outage');
  const t0 = Date.now();
  await postEvent(bot.url, alarmEvent({ instanceId: id, value: 'ALARM', at: at() }));
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
  expect(post.at - t0).toBeLessThan(5000);
  const alertId = alertIdOf(post);
  await pager.waitFor(() => pager.actions('/v2/enqueue', alertId).includes('trigger'), 40_000);
  await pager.waitFor(() => pager.actions('/hook', alertId).includes('trigger'), 40_000);
  expect(pager.calls.filter((c) => c.status === 503).length).toBe(3);
  expect(pager.actions('/v2/enqueue', alertId)).toEqual(['trigger']);
  expect((await readAlertCounters(bot.deps))['pager-failed']).toBeGreaterThanOrEqual(3);
}, 60_000);
