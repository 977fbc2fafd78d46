import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { signSns, snsSigningKey } from '../../demo/console/sns';
import type { SnsHttp } from '../../handlers/webhook/snsVerifier';
import type { SnsEnvelope } from '../../src/domain/snsMessage';
import { type TestBot, WEBHOOK_TOKEN } from './bot';
import type { SlackCall } from './fakeSlack';
import { alertsIdle } from './jobs';

export const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/aws', name), 'utf8'));

/** POSTs an EventBridge API-destination delivery (header token) to /webhooks/aws. */
export async function postEvent(
  url: string,
  event: unknown,
  opts: { token?: string | null; headers?: Record<string, string>; raw?: string } = {},
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
  if (opts.token !== null) headers['x-ec2bot-token'] = opts.token ?? WEBHOOK_TOKEN;
  const res = await fetch(`${url}/webhooks/aws`, {
    method: 'POST',
    headers,
    body: opts.raw ?? JSON.stringify(event),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body };
}

/** A block_actions payload as Slack sends it for a button press. */
export function buttonPress(o: {
  actionId: string;
  value: string;
  user: string;
  channel: string;
  ts: string;
  responseUrl: string;
}) {
  return {
    type: 'block_actions',
    team: { id: 'T0TEAM', domain: 'example' },
    user: { id: o.user, username: o.user.toLowerCase(), team_id: 'T0TEAM' },
    api_app_id: 'A0APP',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: o.ts, channel_id: o.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.1.abc`,
    channel: { id: o.channel, name: 'alerts' },
    message: { type: 'message', ts: o.ts, text: 'alert' },
    response_url: o.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: 'b',
        value: o.value,
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

/** Every button of a recorded postMessage / update call. */
export function buttonsOf(call: SlackCall): { action_id: string; value: string; text: string }[] {
  const blocks = (call.body.blocks ?? []) as any[];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements)
    .map((e: any) => ({ action_id: e.action_id, value: e.value, text: e.text?.text }));
}

export const alertIdOf = (call: SlackCall): string => {
  const ack = buttonsOf(call).find((b) => b.action_id === 'ec2.alert.ack');
  if (!ack) throw new Error('no Acknowledge button');
  return ack.value;
};

/** Top-level posts (not thread replies) to a channel. */
export const postsTo = (calls: SlackCall[], channel: string): SlackCall[] =>
  calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel && !c.body.thread_ts);

/**
 * Every top-level message call to a channel, posts and their updates: an instance that joins a living
 * alert (same destination and type, within the aggregation window) shows up in an update, not a post.
 */
export const shownIn = (calls: SlackCall[], channel: string): SlackCall[] =>
  calls.filter(
    (c) =>
      (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
      c.body.channel === channel &&
      !c.body.thread_ts,
  );

/** A message as it reads now: the last chat.update of its post, or the post itself. */
export const latestOf = (calls: SlackCall[], post: SlackCall): SlackCall =>
  calls
    .filter(
      (c) => c.method === 'chat.update' && c.body.ts === post.ts && c.body.channel === post.body.channel,
    )
    .at(-1) ?? post;

/**
 * Test SNS signing: a throwaway RSA key and self-signed certificate (openssl), served by a local HTTP
 * server. The bot's SnsHttp port is pointed at it because sns.<region>.amazonaws.com is unreachable
 * from tests: the port maps the https URL's path to the local server and records every URL asked for.
 */
export class TestSns {
  readonly requested: string[] = [];
  private server?: Server;
  private port = 0;
  key = '';
  cert = '';

  async start(): Promise<void> {
    ({ key: this.key, cert: this.cert } = snsSigningKey(2));
    this.server = createServer((req, res) => {
      if (req.url?.endsWith('.pem')) res.end(this.cert);
      else res.end('<ConfirmSubscriptionResponse/>');
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const a = this.server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
  }

  get http(): SnsHttp {
    return {
      getText: async (url: string) => {
        this.requested.push(url);
        const u = new URL(url);
        const res = await fetch(`http://127.0.0.1:${this.port}${u.pathname}${u.search}`);
        return res.text();
      },
    };
  }

  envelope(
    fields: Partial<SnsEnvelope> & Pick<SnsEnvelope, 'Type' | 'Message' | 'TopicArn'>,
    version = '2',
  ): SnsEnvelope {
    const m: SnsEnvelope = {
      MessageId: `m-${Math.random().toString(16).slice(2)}`,
      Timestamp: new Date().toISOString(),
      SignatureVersion: version,
      Signature: '',
      SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem',
      ...fields,
    };
    return signSns(m, this.key);
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

export const postSns = (url: string, m: SnsEnvelope) =>
  postEvent(url, m, {
    token: null,
    headers: { 'x-amz-sns-message-type': m.Type, 'content-type': 'text/plain; charset=UTF-8' },
  });

/**
 * Waits until `channel` has no living alert (the alerts queue idle, then the window's key expired in
 * Redis): an alarm sent next opens its own message instead of joining the previous one's window, which a
 * loaded machine can keep open past the next alarm.
 */
export async function noLivingAlert(bot: TestBot, channel: string): Promise<void> {
  await alertsIdle(bot);
  await windowsClosed(bot, channel);
}

/**
 * Waits until no alert window of the bot is open in `channel` (any channel when left out): each living
 * alert's key expires with its window (PX). For an `afterEach`: the next test's alarm opens its own message.
 */
export async function windowsClosed(bot: TestBot, channel = '*'): Promise<void> {
  const pattern = `*${bot.deps.keyPrefix}*:living:${channel}`;
  const deadline = Date.now() + 30_000;
  while ((await bot.deps.redis.keys(pattern)).length > 0) {
    if (Date.now() > deadline) throw new Error(`an alert window in ${channel} stayed open for 30 s`);
    await new Promise((r) => setTimeout(r, 50)); // polls the key's expiry (PX = the alert window)
  }
}
