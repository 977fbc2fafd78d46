import { COMMANDS } from '../../handlers/commands';
import { QUEUE } from '../../src/jobs/queues';
import { InstanceLock } from '../../src/ops/lock';
import { alarmEvent, newInstanceId } from '../helpers/alertEvents';
import { fixture, postEvent, postsTo, windowsClosed } from '../helpers/alertsKit';
import { startTestBot, type TestBot } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { buttonPayload, until } from '../helpers/ops';

/**
 * Whatever a user types is echoed escaped, in the ack and in every later answer (response_url, channel
 * posts): hostile text sent to every subcommand, in every argument position, through the real bot
 * (signed slash commands, the worker with moto behind it, the fake Slack recording every call).
 */
const HOSTILE = ['<!channel>', '<!here>', '<@U0VICTIM>', '<https://evil.example|click>'];
/** One argument carrying all of them (arguments split on spaces). */
const ARG = HOSTILE.join('x');

let moto: Moto;
let bot: TestBot;
beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({ name: 'hostile-input' });
  await moto.launch('111111111111', 'us-east-1', { name: 'web-1' });
});
afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});

/** Command texts: the hostile string as subcommand, account, region / instance, type, action. */
function texts(h: string): string[] {
  const out = [h, `${h} prod`];
  for (const sub of COMMANDS.keys()) {
    out.push(
      `${sub} ${h}`,
      `${sub} prod ${h}`,
      `${sub} all ${h}`,
      `${sub} prod web-1 ${h}`,
      `${sub} ${h} ${h} ${h}`,
    );
  }
  return out;
}

const queryIdle = async (): Promise<boolean> => {
  const c = await bot.deps.queues.get(QUEUE.query).getJobCounts('waiting', 'active', 'prioritized');
  return Object.values(c).every((n) => n === 0);
};

// Each test's alarms open their own message: the previous test's alert windows are closed first.
afterEach(() => windowsClosed(bot));

it('no answer to any subcommand carries a user-typed <…> unescaped', async () => {
  const acks: { text: string; body: unknown }[] = [];
  for (const text of [...texts(ARG), 'events <!channel>']) {
    const res = await bot.command(text, { channel: 'C0PRODALERT' });
    expect(res.status).toBe(200);
    acks.push({ text, body: res.body });
  }
  await until(queryIdle, 'the query jobs to finish', 60_000);
  const leaks: string[] = [];
  for (const a of acks) {
    const json = JSON.stringify(a.body);
    for (const h of HOSTILE) if (json.includes(h)) leaks.push(`ack of "${a.text}": ${json.slice(0, 300)}`);
  }
  for (const c of bot.slack.calls) {
    const json = JSON.stringify(c.body);
    for (const h of HOSTILE) if (json.includes(h)) leaks.push(`${c.method}: ${json.slice(0, 300)}`);
  }
  expect(leaks).toEqual([]);
  // approval-expire timers stay delayed; every answer has been given. They did arrive (escaped): e.g. the unknown account of `/ec2 events <!channel>`
  const all = JSON.stringify(acks) + JSON.stringify(bot.slack.calls.map((c) => c.body));
  expect(all).toContain('No account \\"&lt;!channel&gt;\\"');
  expect(bot.slack.callsOf('response_url').length).toBeGreaterThan(10);
}, 120_000);

/** Everything the fake Slack was sent, as one string. */
const sent = (): string => JSON.stringify(bot.slack.calls.map((c) => c.body));

it('the new words stay safe: a Name tag forging a {user:…} token, a hostile button label', async () => {
  const NAME = 'web-{user:U0VICTIM}-<!channel>-{date:1}';
  const [id] = await moto.launch('111111111111', 'us-east-1', { name: NAME });
  // a busy refusal names the holder as a mention and the instance by its Name tag
  await new InstanceLock(bot.deps.redis, bot.deps.keyPrefix).acquire('prod', 'us-east-1', id!, {
    op: 'recover',
    label: 'Stop/Start now',
    user: 'U0BOB',
    startedAt: new Date().toISOString(),
    jobId: 'hostile-holder',
  });
  bot.slack.clear();
  const res = await bot.command(`stop prod ${id}`, { user: 'U0ALICE', channel: 'C0PRODALERT' });
  const refusal = await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'response_url' && x.responseId === res.responseUrl.split('/').pop()),
  );
  const words = JSON.stringify(refusal.body.blocks);
  expect(words).toContain('by <@U0BOB> is running on it');
  expect(words).toContain('web-U0VICTIM-&lt;!channel&gt;-');
  expect(words).not.toContain('<@U0VICTIM>');
  expect(words).not.toContain('<!channel>');

  // a button whose label is hostile (an OpRef is the bot's own, but its words reach every message)
  bot.slack.clear();
  const refId = await bot.deps.refs.put({
    kind: 'op',
    op: 'backup',
    label: '<!channel> {user:U0VICTIM} <https://evil.example|Back up>',
    account: 'prod',
    region: 'us-east-1',
    instanceId: (await moto.launch('111111111111', 'us-east-1', { name: 'web-label' }))[0]!,
    channel: 'C0PRODALERT',
    origin: { kind: 'event' },
  });
  await bot.action(
    buttonPayload({
      actionId: 'ec2.op#0',
      value: refId,
      user: 'U0ALICE',
      channel: 'C0PRODALERT',
      ts: '1700000000.000900',
      responseUrl: bot.slack.responseUrl(),
    }),
  );
  await bot.slack.waitFor((c) =>
    c.find((x) => x.method === 'chat.postMessage' && /Back up/.test(JSON.stringify(x.body))),
  );
  const all = sent();
  expect(all).toContain('&lt;!channel&gt; {user:U0VICTIM} &lt;https://evil.example|Back up&gt;');
  for (const h of [...HOSTILE, '<@U0VICTIM>', '<https://evil.example|Back up>']) expect(all).not.toContain(h);
}, 120_000);

it('the new alert lines (state moved on since the event, instance not found) escape what AWS said', async () => {
  const [named] = await moto.launch('111111111111', 'us-east-1', { name: ARG });
  const stopped = fixture('state-stopped.json');
  stopped.detail = { 'instance-id': named, state: 'stopped' };
  stopped.time = new Date().toISOString();
  await postEvent(bot.url, stopped);
  const ghost = newInstanceId();
  await postEvent(bot.url, alarmEvent({ instanceId: ghost, value: 'ALARM', at: new Date().toISOString() }));
  const [running, missing] = await Promise.all(
    [named!, ghost].map((id) =>
      bot.slack.waitFor(
        (c) => postsTo(c, 'C0PRODALERT').find((p) => JSON.stringify(p.body).includes(id)),
        60_000,
      ),
    ),
  );
  expect(JSON.stringify(running!.body)).toContain('running again now');
  expect(JSON.stringify(missing!.body)).toContain(
    'not found in *prod* us-east-1 — terminated or never existed',
  );
  for (const c of [running!, missing!])
    for (const h of HOSTILE) expect(JSON.stringify(c.body)).not.toContain(h);
  expect(JSON.stringify(running!.body)).toContain('&lt;!channel&gt;');
}, 120_000);
