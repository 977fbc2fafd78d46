import { alertIsOpen, noteOperationOutcome } from '../../src/alerts/operationOutcome';
import type { OpRef } from '../../src/domain/opRef';
import { QUEUE } from '../../src/jobs/queues';
import { accountsYaml, withChanges } from '../helpers/accountsConfig';
import { alarmEvent, healthEvent } from '../helpers/alertEvents';
import { alertIdOf, buttonPress, buttonsOf, noLivingAlert, postEvent, postsTo } from '../helpers/alertsKit';
import { type Bed, FAST_ALERTS, startBed } from '../helpers/bed';
import { type TestBot, TWO_ACCOUNTS_SPEC } from '../helpers/bot';
import type { SlackCall } from '../helpers/fakeSlack';
import type { Moto } from '../helpers/moto';
import { jobEnd, textOf } from '../helpers/ops';

/**
 * The alert side of an operation's end (issue 14 point 8), called directly as the operations step
 * machine will: on a real stored alert, with the real outbox, the fake Slack showing the update. And
 * the one-tap check `alertIsOpen`. Real bot, Redis, moto; Slack is the fake.
 */
let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
beforeAll(async () => {
  bed = await startBed({
    name: 'alert-outcome',
    config: accountsYaml(withChanges(TWO_ACCOUNTS_SPEC, { accounts: { prod: { one_tap_recover: true } } })),
    env: FAST_ALERTS,
  });
  ({ moto, bot } = bed);
});
afterAll(() => bed?.close());
beforeEach(() => bot.slack.clear());

const has = (c: SlackCall, s: string) => JSON.stringify(c.body).includes(s);
const openAlert = async (name: string) => {
  const [id] = (await moto.launch('111111111111', 'us-east-1', { name })) as [string];
  await noLivingAlert(bot, 'C0PRODALERT'); // its own message, not the previous test's alert
  await postEvent(bot.url, alarmEvent({ instanceId: id, value: 'ALARM', at: new Date().toISOString() }));
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
  return { id, post, alertId: alertIdOf(post) };
};

it('a successful recover updates the alert in place: who, when, what changed; buttons gone; resolved', async () => {
  const { id, post, alertId } = await openAlert('outcome-ok');
  expect(await alertIsOpen(bot.deps, alertId)).toBe(true);
  // the Recover button's reference carries the alert id to the operation (OpRef origin)
  const recover = buttonsOf(post).find((b) => b.text === `Recover ${id}`)!;
  expect(await bot.deps.refs.get<OpRef>(recover.value)).toMatchObject({
    origin: { kind: 'alert', id: alertId },
  });
  expect(
    await noteOperationOutcome(bot.deps, alertId, {
      op: 'recover',
      outcome: 'done',
      by: 'U0CAROL',
      approver: 'U0BOB',
      at: new Date('2026-08-27T03:12:00Z'),
      summary: 'checks OK',
      publicIp: { before: '54.1.2.3', after: '3.4.5.6' },
    }),
  ).toBe(true);
  const update = await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === post.ts),
  );
  expect(
    has(
      update,
      'Recovered by <@U0CAROL> (approved by <@U0BOB>) at <!date^1787800320^{time}|03:12 UTC> — checks OK. Public IPv4 54.1.2.3 → 3.4.5.6.',
    ),
  ).toBe(true);
  expect(update.body.text).toContain('(resolved)');
  expect(buttonsOf(update)).toEqual([]);
  await bot.slack.waitFor((c) =>
    c.find((x) => x.body.thread_ts === post.ts && has(x, 'Recovered by <@U0CAROL>')),
  );
  expect(await alertIsOpen(bot.deps, alertId)).toBe(false);
  expect(await bot.deps.queues.get(QUEUE.alerts).getJob(`esc-${alertId}`)).toBeUndefined();
});

it('a failed operation is shown and leaves the alert open with its buttons; unknown ids are ignored', async () => {
  const { post, alertId } = await openAlert('outcome-fail');
  await noteOperationOutcome(bot.deps, alertId, {
    op: 'recover',
    outcome: 'failed',
    by: 'ec2-ops-bot',
    at: new Date(),
    summary: 'InsufficientInstanceCapacity <!channel>: no m5.large in us-east-1a now',
  });
  const update = await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === post.ts),
  );
  expect(has(update, ':x: recover by ec2-ops-bot failed')).toBe(true);
  expect(has(update, '&lt;!channel&gt;')).toBe(true);
  expect(has(update, '<!channel>')).toBe(false);
  expect(buttonsOf(update).some((b) => b.action_id.startsWith('ec2.op'))).toBe(true);
  expect(await alertIsOpen(bot.deps, alertId)).toBe(true);
  expect(
    await noteOperationOutcome(bot.deps, 'aNOSUCHALERT0', {
      op: 'recover',
      outcome: 'done',
      by: 'U1',
      at: new Date(),
      summary: 'x',
    }),
  ).toBe(false);
  expect(await alertIsOpen(bot.deps, 'aNOSUCHALERT0')).toBe(false);
  expect(await alertIsOpen(bot.deps, 'not an id')).toBe(false);
});

it('an alert resolved by its OK or by Resolve is not open (one-tap must ask again)', async () => {
  const { id, post, alertId } = await openAlert('outcome-ok-alarm');
  await postEvent(
    bot.url,
    alarmEvent({ instanceId: id, value: 'OK', at: new Date(Date.now() + 1000).toISOString() }),
  );
  await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === post.ts && has(x, '(resolved)')),
  );
  expect(await alertIsOpen(bot.deps, alertId)).toBe(false);
  const second = await openAlert('outcome-resolve');
  await bot.action(
    buttonPress({
      actionId: 'ec2.alert.resolve',
      value: second.alertId,
      user: 'U0ALICE',
      channel: 'C0PRODALERT',
      ts: second.post.ts!,
      responseUrl: bot.slack.responseUrl(),
    }),
  );
  await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === second.post.ts && has(x, 'Resolved by')),
  );
  expect(await alertIsOpen(bot.deps, second.alertId)).toBe(false);
});

it('on-call taps Recover on the alert: the recover runs, the alert says so and closes; pressed again, the healthy instance is not stopped', async () => {
  const { id, post, alertId } = await openAlert('outcome-onetap');
  // AWS's own recovery off and the system check really failing: the bot's Recover is the remedy
  await moto.setAutoRecovery('111111111111', 'us-east-1', id, 'disabled');
  await moto.setStatus('111111111111', 'us-east-1', id, { system: 'impaired' });
  const press = pressRecover(id, post);
  await press('777.888.onetap');
  expect(await jobEnd(bot, 'op-777.888.onetap', 60_000)).toBe('completed');
  // the machine's end reaches the alert: outcome line on the alert message, buttons gone, closed
  const update = await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === post.ts && has(x, 'Recovered by <@U0ONCALL>')),
  );
  expect(update.body.text).toContain('(resolved)');
  // the machine's before/after reads of the instance reach the alert: its public IPv4 then and now
  expect(JSON.stringify(update.body.blocks)).toMatch(
    /Public IPv4 changed: \d+\.\d+\.\d+\.\d+ → \d+\.\d+\.\d+\.\d+/,
  );
  expect(buttonsOf(update)).toEqual([]);
  expect(await alertIsOpen(bot.deps, alertId)).toBe(false);
  // the old button's reference still exists; the instance is healthy now: refused, with that reason
  bot.slack.clear();
  await press('777.888.again');
  const refused = await bot.slack.waitFor((c) => c.find((x) => has(x, 'its status checks pass now')));
  expect(textOf(refused.body)).toContain(`/ec2 recover prod ${id}`);
  expect(await bot.deps.queues.get(QUEUE.ops).getJob('op-777.888.again')).toBeUndefined();
}, 120_000);

it('a Health retirement alert on a healthy instance: its Stop/Start now is not refused by the healthy-instance guard', async () => {
  const [id] = (await moto.launch('111111111111', 'us-east-1', { name: 'retiring-healthy' })) as [string];
  await noLivingAlert(bot, 'C0PRODALERT');
  await postEvent(
    bot.url,
    healthEvent({ entities: [id], eventArn: `arn:aws:health:us-east-1::event/EC2/${id}` }),
  );
  const post = await bot.slack.waitFor((c) =>
    postsTo(c, 'C0PRODALERT').find(
      (p) => has(p, id) && buttonsOf(p).some((b) => b.text === 'Stop/Start now'),
    ),
  );
  const button = buttonsOf(post).find((b) => b.text === 'Stop/Start now')!;
  await bot.action({
    ...buttonPress({
      actionId: button.action_id,
      value: button.value,
      user: 'U0ONCALL',
      channel: 'C0PRODALERT',
      ts: post.ts!,
      responseUrl: bot.slack.responseUrl(),
    }),
    trigger_id: '777.888.retire',
  });
  // The checks pass (the retirement is scheduled, nothing failed): the stop + start is planned all the same.
  const plan = await bot.slack.waitFor((c) =>
    c.find(
      (x) =>
        x.method === 'chat.postMessage' &&
        textOf(x.body).includes(id) &&
        has(x, 'stop + start onto a new host'),
    ),
  );
  expect(textOf(plan.body)).not.toContain('its status checks pass now');
  expect(bot.slack.calls.some((x) => has(x, 'its status checks pass now'))).toBe(false);
}, 120_000);

it('Recover on an alert closed by hand asks for approval, even from on-call', async () => {
  const { id, post, alertId } = await openAlert('outcome-closed');
  await moto.setStatus('111111111111', 'us-east-1', id, { system: 'impaired' });
  await bot.action(
    buttonPress({
      actionId: 'ec2.alert.resolve',
      value: alertId,
      user: 'U0ALICE',
      channel: 'C0PRODALERT',
      ts: post.ts!,
      responseUrl: bot.slack.responseUrl(),
    }),
  );
  await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.update' && x.body.ts === post.ts && has(x, 'Resolved by')),
  );
  await pressRecover(id, post)('777.888.closed');
  const ask = await bot.slack.waitFor((c) =>
    c.find(
      (x) => x.method === 'chat.postMessage' && textOf(x.body).includes(id) && has(x, 'ec2.approval.approve'),
    ),
  );
  expect(textOf(ask.body)).toContain('<@U0BOB>');
  expect(await bot.deps.queues.get(QUEUE.ops).getJob('op-777.888.closed')).toBeUndefined();
}, 120_000);

/** Presses the alert's Recover button for `id` as on-call, with its own trigger id. */
const pressRecover = (id: string, post: SlackCall) => (trigger: string) => {
  const recover = buttonsOf(post).find((b) => b.text === `Recover ${id}`)!;
  return bot.action({
    ...buttonPress({
      actionId: recover.action_id,
      value: recover.value,
      user: 'U0ONCALL',
      channel: 'C0PRODALERT',
      ts: post.ts!,
      responseUrl: bot.slack.responseUrl(),
    }),
    trigger_id: trigger,
  });
};
