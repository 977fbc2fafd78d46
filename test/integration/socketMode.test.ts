import { SocketModeHub } from '../../demo/console/socketMode';
import { QUEUE } from '../../src/jobs/queues';
import { startTestBot, type TestBot } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { until } from '../helpers/ops';

/**
 * Socket Mode end to end with two web replicas, each holding one connection to Slack's side of Socket
 * Mode (the demo console's hub, over a real WebSocket; Slack itself is unreachable from tests). Each
 * replica runs Bolt's real SocketModeReceiver; one of them also runs the worker; they share one Redis
 * prefix and the fake Slack Web API. AWS is moto (`/ec2 accounts` assumes each account's role).
 */
jest.setTimeout(180_000);

const APP_TOKEN = 'xapp-1-A0TEST-0123456789-abcdef';
let moto: Moto;
let hub: SocketModeHub;
let a: TestBot;
let b: TestBot;
let seq = 0;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  hub = new SocketModeHub({ appToken: APP_TOKEN, appId: 'A0TEST' });
  await hub.start();
  const env = { SLACK_APP_TOKEN: APP_TOKEN };
  a = await startTestBot({
    name: 'socket-mode',
    env,
    worker: true,
    beforeStart: (slack) => slack.methods.set('apps.connections.open', (_body, bearer) => hub.open(bearer)),
  });
  b = await startTestBot({ name: 'socket-mode', env, worker: false, replicaOf: a });
  await until(async () => hub.connections === 2, 'two connections', 60_000);
});

afterAll(async () => {
  await b?.close();
  await a?.close();
  await hub?.close();
  await moto?.stop();
});

/** `/ec2 <text>` as Slack's slash_commands envelope payload; its own response_url id and trigger id. */
function command(text: string): { id: string; payload: Record<string, unknown> } {
  const id = `sock-${++seq}-${Date.now()}`;
  return {
    id,
    payload: {
      token: 'deprecated-verification-token',
      team_id: 'T0TEAM',
      team_domain: 'example',
      channel_id: 'C0CHANNEL',
      channel_name: 'ops',
      user_id: 'U0ALICE',
      user_name: 'alice',
      command: '/ec2',
      text,
      api_app_id: 'A0TEST',
      is_enterprise_install: 'false',
      response_url: a.slack.responseUrl(id),
      trigger_id: `${Date.now()}.${seq}.trigger`,
    },
  };
}

const answersTo = (id: string) =>
  a.slack.calls.filter((c) => c.method === 'response_url' && c.responseId === id);

/** Every `query` job has run (a second answer would come from a second job: let any such run first). */
const queryQueueIdle = () =>
  until(
    async () => {
      const counts = await a.deps.queues.get(QUEUE.query).getJobCounts('waiting', 'active', 'delayed');
      return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0;
    },
    'no job waiting',
    60_000,
  );

/** Sends the commands, waits for every ack and every job's answer; returns the ack payloads. */
async function run(n: number, between?: () => void): Promise<{ ids: string[]; acks: unknown[] }> {
  const cmds = Array.from({ length: n }, () => command('accounts'));
  const acks = cmds.map((c, i) => {
    const p = hub.deliver('slash_commands', c.payload);
    if (i === n - 1) between?.();
    return p;
  });
  const answered = await Promise.all(acks);
  const ids = cmds.map((c) => c.id);
  await until(async () => ids.every((id) => answersTo(id).length >= 1), 'every command answered', 60_000);
  await queryQueueIdle();
  return { ids, acks: answered };
}

const sentOn = () => new Set(hub.record.filter((r) => r.event === 'sent').map((r) => r.conn));

describe('Socket Mode with two web replicas', () => {
  it('answers every command exactly once; Slack spreads the envelopes over both connections', async () => {
    const { ids, acks } = await run(20);
    for (const ack of acks) expect(JSON.stringify(ack)).toContain('Checking the role in 2 accounts');
    for (const id of ids) {
      expect(answersTo(id)).toHaveLength(1);
      expect(JSON.stringify(answersTo(id)[0]?.body)).toContain('2 of 2 accounts reachable');
    }
    expect(sentOn().size).toBe(2);
  });

  it('a disconnect (refresh_requested) loses no command, and the replica connects again', async () => {
    const before = hub.record.length;
    const { ids } = await run(10, () => hub.refresh(0));
    for (const id of ids) expect(answersTo(id)).toHaveLength(1);
    expect(hub.record.slice(before).some((r) => r.event === 'disconnect')).toBe(true);
    await until(async () => hub.connections === 2, 'reconnected', 60_000);
  });

  it('a dropped socket loses no command: unacked envelopes go out again on the other connection', async () => {
    const before = hub.record.length;
    const { ids } = await run(10, () => hub.drop(0));
    for (const id of ids) expect(answersTo(id)).toHaveLength(1);
    const after = hub.record.slice(before);
    expect(after.some((r) => r.event === 'closed')).toBe(true);
    // the envelopes the dropped connection held were sent again, and answered once all the same
    expect(after.some((r) => r.event === 'sent' && (r.retry_attempt ?? 0) > 0)).toBe(true);
    await until(async () => hub.connections === 2, 'reconnected', 60_000);
  });

  it('a redelivered envelope (its ack lost after the work was done) is not handled twice', async () => {
    const before = hub.record.length;
    hub.loseAcks(1);
    const { ids, acks } = await run(1);
    const after = hub.record.slice(before);
    expect(after.map((r) => r.event)).toEqual(expect.arrayContaining(['ack-lost', 'acked']));
    expect(after.find((r) => r.event === 'acked')?.retry_attempt).toBe(1);
    // the redelivery is acked with the first delivery's answer, and the work was queued once
    expect(JSON.stringify(acks[0])).toContain('Checking the role in 2 accounts');
    expect(answersTo(ids[0] as string)).toHaveLength(1);
    const logs = [...a.logs, ...b.logs].join('');
    expect(logs).toContain('redelivered envelope answered with its first ack');
    await until(async () => hub.connections === 2, 'reconnected', 60_000);
  });

  it('an events_api envelope (app_home_opened) redelivered after a lost ack publishes the Home tab once', async () => {
    hub.loseAcks(1);
    const ts = `${Math.floor(Date.now() / 1000)}.000100`;
    await hub.deliver('events_api', {
      type: 'event_callback',
      team_id: 'T0TEAM',
      api_app_id: 'A0TEST',
      event_id: `Ev${Date.now()}`,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: 'U0BOB', channel: 'D0BOB', tab: 'home', event_ts: ts },
    });
    const published = () =>
      a.slack.calls.filter((c) => c.method === 'views.publish' && c.body.user_id === 'U0BOB');
    await a.slack.waitFor(() => published().length > 0, 60_000);
    await queryQueueIdle();
    expect(published()).toHaveLength(1);
    await until(async () => hub.connections === 2, 'reconnected', 60_000);
  });
});
