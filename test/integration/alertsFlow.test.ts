import { readAlertCounters } from '../../src/alerts/counters';
import type { OpRef } from '../../src/domain/opRef';
import { QUEUE } from '../../src/jobs/queues';
import { redisKeys } from '../../src/redis/keys';
import { accountsYaml, EUROPE, ONCALL_PROD, STAGING } from '../helpers/accountsConfig';
import { alarmEvent, healthEvent, newInstanceId } from '../helpers/alertEvents';
import {
  alertIdOf,
  buttonPress,
  buttonsOf,
  fixture,
  latestOf,
  postEvent,
  postsTo,
  windowsClosed,
} from '../helpers/alertsKit';
import { startTestBot, type TestBot } from '../helpers/bot';
import type { SlackCall } from '../helpers/fakeSlack';
import { jobFinished } from '../helpers/jobs';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { until } from '../helpers/ops';

/**
 * Alerts end to end: events posted to the real HTTP server, real BullMQ on the real Redis, the worker
 * in-process, Slack Web API answered by the fake (no real workspace is reachable from tests).
 * Delayed jobs (escalation, auto-recover, digest) are checked for their delay and then promoted:
 * that stands in for the minutes passing.
 */
/** A quiet window around the current time (UTC), so the quiet-hours test holds at any hour. */
const hhmm = (offsetMin: number) => new Date(Date.now() + offsetMin * 60_000).toISOString().slice(11, 16);
const CONFIG = accountsYaml({
  defaults: { regions: ['us-east-1'] },
  accounts: {
    prod: {
      ...ONCALL_PROD,
      regions: ['us-east-1', 'eu-west-1'],
      approvers: ['S0LEADS'],
      one_tap_recover: true,
      escalation: { after_minutes: 1, mention: ['S0LEADS'] },
      auto_recover: { enabled: true, after_minutes: 2, max_per_hour: 1 },
    },
    staging: {
      id: STAGING,
      alert_channel: 'C0STAGEALERT',
      oncall: ['S0STAGEONCALL'],
      operators: ['U0ALICE'],
    },
    quiet: {
      id: EUROPE,
      alert_channel: 'C0QUIETALERT',
      operators: ['U0ALICE'],
      quiet_hours: { tz: 'UTC', from: hhmm(-60), to: hhmm(60) },
    },
  },
});

let bot: TestBot;
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  process.env.EC2BOT_ALERT_WINDOW_MS = '300';
  process.env.EC2BOT_ALERT_PACE_MS = '200';
  bot = await startTestBot({ name: 'alerts-flow', config: CONFIG });
  bot.slack.usergroups.set('S0LEADS', ['U0CAROL']);
});
afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});
beforeEach(() => bot.slack.clear());

const now = () => new Date().toISOString();
const send = async (ev: unknown) => expect((await postEvent(bot.url, ev)).status).toBe(202);
const has = (call: SlackCall, s: string) => JSON.stringify(call.body).includes(s);
const alertJob = (id: string) => bot.deps.queues.get(QUEUE.alerts).getJob(id);

// Each test's alarms open their own message: the previous test's alert windows are closed first.
afterEach(() => windowsClosed(bot));

describe('Health events', () => {
  it('merges pages and ARN entities into one message, drops backup copies and replays, escapes AWS text', async () => {
    const p1 = fixture('health-retirement.json');
    const before = await readAlertCounters(bot.deps);
    // The four deliveries reach the alerts queue before any is ingested (the queue held, then let go), as
    // Health's fan-out delivers them at once: sent one after another to a running queue, a loaded machine
    // could let the 300 ms window close before page 2 was ingested (then it rightly opens its own message).
    const alerts = bot.deps.queues.get(QUEUE.alerts);
    await alerts.pause();
    try {
      await send(p1);
      await send(fixture('health-retirement-page2.json'));
      await send(fixture('health-retirement-backup.json'));
      await send(p1); // each 202 means durably queued
    } finally {
      await alerts.resume();
    }
    // One message holds both pages: page 2 is in its first post or joins it by an update within the window.
    const ids = ['i-0abc1234def567890', 'i-0fedcba9876543210', 'i-0aaaa1111bbbb2222'];
    const post = await bot.slack.waitFor((c) => {
      const p = postsTo(c, 'C0PRODALERT')[0];
      return p && ids.every((id) => has(latestOf(c, p), id)) && latestOf(c, p);
    });
    // Every delivery handled: the backup copy dropped and both replays counted (the last deliveries).
    const c = await until(async () => {
      const now = await readAlertCounters(bot.deps);
      const dropped = (now['ignored:health-backup-copy'] ?? 0) > (before['ignored:health-backup-copy'] ?? 0);
      return dropped && (now.replay ?? 0) - (before.replay ?? 0) >= 2 ? now : undefined;
    }, 'the backup copy and the replays to be counted');
    expect(postsTo(bot.slack.calls, 'C0PRODALERT')).toHaveLength(1);
    expect(has(post, 'eu-west-1')).toBe(true);
    expect(has(post, '<!channel>')).toBe(false);
    expect(has(post, '&lt;!channel&gt;')).toBe(true);
    expect(post.body.text).toContain('<@U0ONCALL>');
    expect(c['ignored:health-backup-copy']).toBeGreaterThanOrEqual(1);
    expect(c.replay).toBeGreaterThanOrEqual(2);
  });

  it('a storm of 1,000 entities is a handful of messages and every instance is in the thread', async () => {
    const ids = Array.from({ length: 1000 }, () => newInstanceId());
    const eventArn = 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_STOP_SCHEDULED/STORM';
    await Promise.all(
      Array.from({ length: 10 }, (_, p) =>
        send(
          healthEvent({
            entities: ids
              .slice(p * 100, p * 100 + 100)
              .map((id, i) => (i % 2 ? id : `arn:aws:ec2:us-east-1:222222222222:instance/${id}`)),
            account: '222222222222',
            eventArn,
            code: 'AWS_EC2_INSTANCE_STOP_SCHEDULED',
            page: p + 1,
            totalPages: 10,
          }),
        ),
      ),
    );
    const roots = await bot.slack.waitFor((c) => {
      const r = postsTo(c, 'C0STAGEALERT');
      const listed = new Set(
        c
          .filter((x) => x.body.channel === 'C0STAGEALERT')
          .flatMap((x) => JSON.stringify(x.body.text).match(/i-0[0-9a-f]{16}/g) ?? []),
      );
      return ids.every((id) => listed.has(id)) && r;
    }, 30_000);
    expect(roots.length).toBeLessThanOrEqual(3);
    expect(roots[0]?.body.text).toContain('more in the thread');
    expect(roots[0]?.body.text).toContain('<!subteam^S0STAGEONCALL>');
    const replies = bot.slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.body.thread_ts && c.body.channel === 'C0STAGEALERT',
    );
    expect(new Set(replies.map((r) => r.body.thread_ts)).size).toBeLessThanOrEqual(roots.length);
    const inThreads = new Set(replies.flatMap((c) => c.body.text.match(/i-0[0-9a-f]{16}/g) ?? []));
    expect(ids.filter((id) => !inThreads.has(id))).toEqual([]);
    const stamps = bot.slack.calls.filter((c) => c.body.channel === 'C0STAGEALERT').map((c) => c.at);
    for (let i = 1; i < stamps.length; i++)
      expect((stamps[i] ?? 0) - (stamps[i - 1] ?? 0)).toBeGreaterThanOrEqual(150);
  }, 40_000);
});

describe('status check alarms', () => {
  it('ALARM posts once (replays ignored); OK updates the same message and replies in its thread', async () => {
    const [id] = (await moto.launch('111111111111', 'us-east-1', { name: 'flow-alarm' })) as [string];
    const alarm = alarmEvent({ instanceId: id, value: 'ALARM', at: now() });
    await Promise.all([send(alarm), send(alarm), send(alarm)]);
    const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
    expect(post.body.text).toContain('<@U0ONCALL>');
    expect(has(post, 'AWS host problem')).toBe(true);
    const recover = buttonsOf(post).find((b) => b.text.startsWith('Recover'));
    const ref = await bot.deps.refs.get<OpRef>(recover?.value ?? '');
    expect(ref).toMatchObject({
      kind: 'op',
      op: 'recover',
      instanceId: id,
      account: 'prod',
      origin: { kind: 'alert', id: alertIdOf(post) },
    });
    await send(alarmEvent({ instanceId: id, value: 'OK', at: new Date(Date.now() + 1000).toISOString() }));
    const update = await bot.slack.waitFor((c) => c.find((x) => x.method === 'chat.update' && has(x, id)));
    // The thread reply is the last thing the OK sends: once it is there, no second post can follow.
    const reply = await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'chat.postMessage' && x.body.thread_ts === update.body.ts),
    );
    expect(postsTo(bot.slack.calls, 'C0PRODALERT').filter((p) => has(p, id))).toHaveLength(1);
    expect(reply.body.text).toContain('OK');
    expect(update.body.text).toContain('resolved');
  });
});

describe('Slack rate limits', () => {
  it('a 429 on one channel is retried after Retry-After; the other channel is not held up', async () => {
    bot.slack.rateLimit('chat.postMessage', { channel: 'C0PRODALERT', times: 1, retryAfter: 2 });
    const prodId = newInstanceId();
    const stageId = newInstanceId();
    await send(alarmEvent({ instanceId: prodId, value: 'ALARM', at: now() }));
    await send(alarmEvent({ instanceId: stageId, value: 'ALARM', at: now(), account: '222222222222' }));
    const limited = await bot.slack.waitFor((c) => c.find((x) => x.method === 'chat.postMessage:429'));
    const prod = await bot.slack.waitFor(
      (c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, prodId)),
      10_000,
    );
    const stage = postsTo(bot.slack.calls, 'C0STAGEALERT').find((p) => has(p, stageId));
    expect(stage).toBeDefined();
    expect(stage!.at).toBeLessThan(limited.at + 1000);
    expect(prod.at - limited.at).toBeGreaterThanOrEqual(1900);
    expect(postsTo(bot.slack.calls, 'C0PRODALERT').filter((p) => has(p, prodId))).toHaveLength(1);
  });
});

describe('Slack refusals', () => {
  it('a message Slack refuses (channel_not_found) is dropped and counted; the next alert still goes out', async () => {
    const before = (await readAlertCounters(bot.deps))['slack-dropped'] ?? 0;
    bot.slack.refuse('chat.postMessage', 'channel_not_found', { channel: 'C0STAGEALERT', times: 1 });
    const lostId = newInstanceId();
    await send(alarmEvent({ instanceId: lostId, value: 'ALARM', at: now(), account: '222222222222' }));
    await bot.slack.waitFor((c) => c.find((x) => x.method === 'chat.postMessage:channel_not_found'));
    const nextId = newInstanceId();
    await send(alarmEvent({ instanceId: nextId, value: 'ALARM', at: now(), account: '222222222222' }));
    await bot.slack.waitFor((c) => postsTo(c, 'C0STAGEALERT').find((p) => has(p, nextId)));
    expect(postsTo(bot.slack.calls, 'C0STAGEALERT').filter((p) => has(p, lostId))).toHaveLength(0);
    expect((await readAlertCounters(bot.deps))['slack-dropped']).toBe(before + 1);
  });
});

describe('escalation, Acknowledge and Snooze', () => {
  const press = (actionId: string, alertId: string, user: string, ts: string) => {
    const responseUrl = bot.slack.responseUrl();
    return bot
      .action(buttonPress({ actionId, value: alertId, user, channel: 'C0PRODALERT', ts, responseUrl }))
      .then(() => responseUrl.split('/').pop());
  };

  it('escalates an unacknowledged urgent alert after after_minutes, in its thread, mentioning the group', async () => {
    const id = newInstanceId();
    await send(alarmEvent({ instanceId: id, value: 'ALARM', at: now() }));
    const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
    const job = await alertJob(`esc-${alertIdOf(post)}`);
    expect(job?.opts.delay).toBe(60_000);
    await job?.promote();
    const esc = await bot.slack.waitFor((c) => c.find((x) => x.body.thread_ts && has(x, 'escalating')));
    expect(esc.body.text).toContain('<!subteam^S0LEADS>');
  });

  it('Acknowledge records who and when, updates the message and cancels escalation and auto-recover', async () => {
    const id = newInstanceId();
    await send(alarmEvent({ instanceId: id, value: 'ALARM', at: now() }));
    const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
    const alertId = alertIdOf(post);
    expect(await alertJob(`esc-${alertId}`)).toBeDefined();
    expect(await alertJob(`autorecover-${alertId}`)).toBeDefined();
    // not an operator / on-call / approver: refused, nothing changes
    const refusedId = await press('ec2.alert.ack', alertId, 'U0MALLORY', '1.000001');
    const refused = await bot.slack.waitFor((c) => c.find((x) => x.responseId === refusedId));
    expect(refused.body.text).not.toContain('FORBIDDEN'); // plain words, the ref apart
    expect(refused.body.blocks.at(-1).type).toBe('context');
    expect(await alertJob(`esc-${alertId}`)).toBeDefined();
    // U0CAROL is an approver through the S0LEADS user group
    await press('ec2.alert.ack', alertId, 'U0CAROL', '1.000001');
    const update = await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'chat.update' && has(x, 'Acknowledged by <@U0CAROL>')),
    );
    expect(buttonsOf(update).some((b) => b.action_id === 'ec2.alert.ack')).toBe(false);
    expect(update.body.text).not.toContain('<@U0ONCALL>');
    expect(await alertJob(`esc-${alertId}`)).toBeUndefined();
    expect(await alertJob(`autorecover-${alertId}`)).toBeUndefined();
    const second = await press('ec2.alert.ack', alertId, 'U0ONCALL', '1.000001');
    const told = await bot.slack.waitFor((c) => c.find((x) => x.responseId === second));
    expect(told.body.text).toContain('Already acknowledged by <@U0CAROL>');
    const audit = await bot.deps.audit.recent(20);
    expect(audit.some((e) => e.action === 'acknowledge' && e.actor === 'U0CAROL')).toBe(true);
    expect(audit.some((e) => e.kind === 'refused' && e.actor === 'U0MALLORY')).toBe(true);
  });

  it('Snooze 1h moves escalation and auto-recover an hour out and says so on the message', async () => {
    const id = newInstanceId();
    await send(alarmEvent({ instanceId: id, value: 'ALARM', at: now() }));
    const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
    const alertId = alertIdOf(post);
    await press('ec2.alert.snooze', alertId, 'U0ALICE', '1.000002');
    await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'chat.update' && has(x, 'Snoozed by <@U0ALICE>')),
    );
    expect((await alertJob(`esc-${alertId}`))?.opts.delay).toBe(3_600_000);
    expect((await alertJob(`autorecover-${alertId}`))?.opts.delay).toBe(3_600_000);
  });
});

describe('auto-recover', () => {
  it('runs recover through the operations contract, reports its answer in the thread, and stops at the hourly cap', async () => {
    const [first] = await moto.launch('111111111111', 'us-east-1', { name: 'auto-1' });
    // AWS's simplified automatic recovery off: the bot's own auto-recover is the one that applies
    // (with it on, the bot stands aside — alertLifecycle.test.ts covers that).
    await moto.setAutoRecovery('111111111111', 'us-east-1', first!, 'disabled');
    // and its system check really failing: a recover from an alert on a healthy instance is refused
    await moto.setStatus('111111111111', 'us-east-1', first!, { system: 'impaired' });
    await send(alarmEvent({ instanceId: first!, value: 'ALARM', at: now() }));
    const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, first!)));
    const job = await alertJob(`autorecover-${alertIdOf(post)}`);
    expect(job?.opts.delay).toBe(120_000);
    await job?.promote();
    // Each step waits on the event it needs (the job's own completion, the message it queued), with
    // no short fixed timeout: on a loaded machine a recover takes what it takes.
    expect(await jobFinished(bot, 'alerts', job!.id!)).toBe('completed');
    // The operations feature takes it: pre-approved as auto-recover, queued, and the recover job runs.
    const answer = await bot.slack.waitFor(
      (c) => c.find((x) => x.body.thread_ts === post.ts && has(x, `Auto-recover of \`${first}\` is running`)),
      90_000,
    );
    const opJobId = /\(`([^`]+)`\)/.exec(answer.body.text)![1]!;
    expect(await jobFinished(bot, 'ops', opJobId)).toBe('completed');
    const second = newInstanceId();
    await send(alarmEvent({ instanceId: second, value: 'ALARM', at: now() }));
    const post2 = await bot.slack.waitFor(
      (c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, second)),
      90_000,
    );
    const job2 = await alertJob(`autorecover-${alertIdOf(post2)}`);
    await job2?.promote();
    expect(await jobFinished(bot, 'alerts', job2!.id!)).toBe('completed');
    const capped = await bot.slack.waitFor((c) => c.find((x) => has(x, 'Auto-recover stopped')), 90_000);
    expect(capped.body.text).toContain('<@U0ONCALL>');
    expect(bot.slack.calls.some((x) => has(x, 'auto-recovering') && has(x, second))).toBe(false);
  }, 300_000);
});

describe('EC2 state changes', () => {
  const stateEvent = (instanceId: string, state: string) => {
    const ev = fixture('state-stopped.json');
    ev.detail = { 'instance-id': instanceId, state };
    ev.time = now();
    return ev;
  };

  it('flags an unexpected stop (urgent) but not a stop while an operation holds the instance lock', async () => {
    const free = newInstanceId();
    const locked = newInstanceId();
    await bot.deps.redis.set(
      redisKeys(bot.deps.keyPrefix).lock('prod', 'us-east-1', locked),
      '{"op":"recover"}',
      'EX',
      60,
    );
    const before = (await readAlertCounters(bot.deps))['ignored:expected-stop'] ?? 0;
    await send(stateEvent(locked, 'stopped'));
    await send(stateEvent(free, 'stopped'));
    const post = await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, free)));
    expect(post.body.text).toContain('stopped or terminated unexpectedly');
    expect(post.body.text).toContain('<@U0ONCALL>');
    // The locked instance's stop is counted as expected when it is dropped: that is its outcome.
    await until(
      async () => ((await readAlertCounters(bot.deps))['ignored:expected-stop'] ?? 0) > before,
      'the stop under the lock to be counted as expected',
    );
    expect(bot.slack.calls.some((c) => has(c, locked))).toBe(false);
  });

  it('running after a status-check alert closes the loop in its thread', async () => {
    const id = newInstanceId();
    await send(alarmEvent({ instanceId: id, value: 'ALARM', at: now() }));
    await bot.slack.waitFor((c) => postsTo(c, 'C0PRODALERT').find((p) => has(p, id)));
    await send(stateEvent(id, 'running'));
    const reply = await bot.slack.waitFor((c) =>
      c.find((x) => x.body.thread_ts && has(x, 'is *running* again') && has(x, id)),
    );
    expect(reply.body.channel).toBe('C0PRODALERT');
  });
});

describe('quiet hours', () => {
  it('holds a non-urgent alert for the digest at the end of quiet hours', async () => {
    const id = newInstanceId();
    const ev = healthEvent({
      entities: [id],
      account: '333333333333',
      code: 'AWS_EC2_SYSTEM_MAINTENANCE_EVENT',
      start: 'Mon, 01 Nov 2027 09:00:00 GMT',
      eventArn: `arn:aws:health:us-east-1::event/EC2/X/${id}`,
    });
    await send(ev);
    // Held: the digest job for the end of quiet hours is the alert's outcome; nothing is posted.
    const digest = await until(async () => {
      const jobs = await bot.deps.queues.get(QUEUE.alerts).getDelayed();
      return jobs.find((j) => j.name === 'alert-digest' && j.data.account === 'quiet');
    }, 'the digest job');
    expect(bot.slack.calls.some((c) => has(c, id))).toBe(false);
    await digest?.promote();
    const post = await bot.slack.waitFor((c) => postsTo(c, 'C0QUIETALERT').find((p) => has(p, id)));
    expect(post.body.text).toContain('Overnight digest for quiet');
  });
});
