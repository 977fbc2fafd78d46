import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { DescribeEventsCommand, HealthClient } from '@aws-sdk/client-health';
import { WebClient } from '@slack/web-api';
import { type ConsoleHandle, startConsole } from '../../demo/console/server';
import type { FleetInstance } from '../../demo/fleet';
import { USERS } from '../../demo/people';

/**
 * The demo console as the bot meets it, without the bot: Slack's own SDK (@slack/web-api) and the AWS
 * SDK's Health client talk to it over HTTP, and a small receiver stands in for the bot's
 * /slack/events to check what the console sends (signature, payload shape). Nothing else is mocked.
 */

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'xoxb-console-test-token';
const SECRET = 'console-test-signing-secret';
const FLEET: FleetInstance[] = ['web-3', 'web-4', 'db-primary', 'api-2', 'worker-1', 'stg-api'].map(
  (name, n) => ({
    account: n < 5 ? 'prod' : 'staging',
    accountId: n < 5 ? '111111111111' : '222222222222',
    region: 'us-east-1',
    id: `i-0${n}aaaaaaaaaaaaaaa`,
    name,
    type: 't3.micro',
    events: [],
  }),
);

let chat: ConsoleHandle;
let receiver: Server;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let ackBody = '';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(ackBody);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const addr = receiver.address();
  chat = await startConsole({
    port: 0,
    botToken: TOKEN,
    signingSecret: SECRET,
    webhookToken: 'wh',
    fleet: FLEET,
    motoUrl: 'http://127.0.0.1:1',
  });
  chat.connectBot(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
});

afterAll(async () => {
  await chat.close();
  await new Promise((r) => receiver.close(r));
});

const ui = (p: string, body: object) =>
  fetch(`${chat.url}/ui/${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('demo console: the Slack side of the bot', () => {
  it('answers the Web API like Slack for the SDK the bot uses', async () => {
    const slack = new WebClient(TOKEN, { slackApiUrl: `${chat.url}/api/` });
    await expect(slack.auth.test()).resolves.toMatchObject({ ok: true, user_id: 'UBOT' });
    const posted = await slack.chat.postMessage({
      channel: 'C0PRODALERT',
      text: 'plan',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*plan*' } }],
    });
    expect(posted).toMatchObject({ ok: true, channel: 'C0PRODALERT' });
    const reply = await slack.chat.postMessage({
      channel: 'C0PRODALERT',
      text: 'step 1',
      thread_ts: posted.ts,
    });
    await slack.chat.update({ channel: 'C0PRODALERT', ts: posted.ts!, text: 'done', blocks: [] });
    const stored = chat.store.find('C0PRODALERT', posted.ts!);
    expect(stored).toMatchObject({ text: 'done', edited: true });
    expect(chat.store.find('C0PRODALERT', reply.ts!)).toMatchObject({ threadTs: posted.ts });
    await expect(slack.usergroups.users.list({ usergroup: 'S0ONCALL' })).resolves.toMatchObject({
      users: ['U0CAROL'],
    });
    await expect(slack.users.info({ user: 'U0BOB' })).resolves.toMatchObject({ user: { name: 'bob' } });
    await expect(slack.chat.postMessage({ channel: 'C0NOSUCH', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    await expect(
      new WebClient('xoxb-wrong', { slackApiUrl: `${chat.url}/api/` }).auth.test(),
    ).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('signs slash commands as Slack does and shows the ack to the typist only', async () => {
    ackBody = JSON.stringify({ text: 'Checking…', response_type: 'ephemeral' });
    received.length = 0;
    expect((await ui('say', { user: 'U0ALICE', channel: 'C0DEMOOPS', text: '/ec2 accounts' })).status).toBe(
      200,
    );
    const req = received[0]!;
    const ts = String(req.headers['x-slack-request-timestamp']);
    const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${req.body}`).digest('hex')}`;
    expect(req.headers['x-slack-signature']).toBe(expected);
    const form = new URLSearchParams(req.body);
    expect(form.get('command')).toBe('/ec2');
    expect(form.get('text')).toBe('accounts');
    expect(form.get('user_id')).toBe('U0ALICE');
    expect(form.get('response_url')).toMatch(new RegExp(`^${chat.url}/response/[0-9a-f]+$`));
    const acks = chat.store.messages.filter((m) => m.via === 'ack' && m.text === 'Checking…');
    expect(acks).toHaveLength(1);
    expect(chat.store.visibleTo('U0BOB')).not.toContainEqual(acks[0]);
    expect(chat.store.visibleTo('U0ALICE')).toContainEqual(acks[0]);
  });

  it('keeps response_url rules: ephemeral by default, in_channel, replace/delete original, five uses', async () => {
    const responseUrl = new URLSearchParams(received[0]!.body).get('response_url')!;
    const respond = (body: object) =>
      fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await respond({ text: 'first' })).status).toBe(200);
    const first = chat.store.messages.find((m) => m.text === 'first')!;
    expect(first.ephemeralTo).toBe('U0ALICE');
    await respond({ text: 'replaced', replace_original: true });
    expect(chat.store.find(first.channel, first.ts)?.text).toBe('replaced');
    await respond({ text: 'for everyone', response_type: 'in_channel' });
    expect(chat.store.messages.find((m) => m.text === 'for everyone')?.ephemeralTo).toBeUndefined();
    await respond({ delete_original: true });
    expect(chat.store.find(first.channel, first.ts)).toBeUndefined();
    expect((await respond({ text: 'fifth use' })).status).toBe(200);
    const sixth = await respond({ text: 'sixth use' });
    expect(sixth.status).toBe(404);
    await expect(sixth.json()).resolves.toMatchObject({ error: 'used_url' });
  });

  it('sends block_actions with message or (ephemeral) container only, as Slack does', async () => {
    ackBody = '';
    const slack = new WebClient(TOKEN, { slackApiUrl: `${chat.url}/api/` });
    const posted = await slack.chat.postMessage({
      channel: 'C0DEMOOPS',
      text: 'approve?',
      blocks: [
        {
          type: 'actions',
          block_id: 'b1',
          elements: [
            {
              type: 'button',
              action_id: 'ec2.approval.approve',
              text: { type: 'plain_text', text: 'Approve' },
              value: 'ap1',
            },
          ],
        },
      ],
    });
    received.length = 0;
    const click = {
      user: 'U0BOB',
      channel: 'C0DEMOOPS',
      actionId: 'ec2.approval.approve',
      blockId: 'b1',
      type: 'button',
      value: 'ap1',
      text: 'Approve',
    };
    expect((await ui('action', { ...click, ts: posted.ts })).status).toBe(200);
    const payload = JSON.parse(new URLSearchParams(received[0]!.body).get('payload')!);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BOB' },
      channel: { id: 'C0DEMOOPS' },
      container: { type: 'message', message_ts: posted.ts, is_ephemeral: false },
      message: { ts: posted.ts },
      actions: [{ type: 'button', action_id: 'ec2.approval.approve', value: 'ap1', block_id: 'b1' }],
    });
    const eph = chat.store.add({
      channel: 'C0DEMOOPS',
      user: 'UBOT',
      text: 'x',
      ephemeralTo: 'U0ALICE',
      via: 'api',
    });
    received.length = 0;
    await ui('action', { ...click, user: 'U0ALICE', ts: eph.ts });
    const ephPayload = JSON.parse(new URLSearchParams(received[0]!.body).get('payload')!);
    expect(ephPayload.container).toMatchObject({ message_ts: eph.ts, is_ephemeral: true });
    expect(ephPayload.message).toBeUndefined();
  });

  it('answers AWS Health calls with SubscriptionRequiredException, read by the AWS SDK', async () => {
    const health = new HealthClient({
      region: 'us-east-1',
      endpoint: `${chat.url}/aws-health`,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    });
    await expect(health.send(new DescribeEventsCommand({}))).rejects.toMatchObject({
      name: 'SubscriptionRequiredException',
    });
    health.destroy();
  });

  it('npm run demo stops at once with a clear message when Redis is absent', async () => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['demo/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', DEMO_PORT: '0', DEMO_BOT_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(err).toContain('Redis at redis://127.0.0.1:1');
    expect(err).toContain('does not answer');
    expect(err).not.toContain('    at ');
  }, 60_000);

  it('knows only the demo users', async () => {
    expect((await fetch(`${chat.url}/ui/state?user=U0MALLORY`)).status).toBe(400);
    const info = (await (await fetch(`${chat.url}/ui/info`)).json()) as { users: { id: string }[] };
    expect(info.users.map((u) => u.id)).toEqual(USERS.map((u) => u.id));
  });
});
