import { createHmac } from 'node:crypto';

/** Signs a request body exactly as Slack does: v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>"). */
export function slackSignature(secret: string, body: string, timestamp: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  secret: string;
  timestamp?: number;
  /** Replace the signature (forgery tests). */
  signature?: string;
  headers?: Record<string, string>;
}

export async function postSigned(url: string, body: string, opts: SignedPostOptions): Promise<Response> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.signature ?? slackSignature(opts.secret, body, ts),
      ...opts.headers,
    },
    body,
  });
}

let trigger = 0;

/** A slash command body as Slack sends it (form-encoded). */
export function slashCommandBody(fields: {
  text: string;
  user_id?: string;
  channel_id?: string;
  response_url: string;
  trigger_id?: string;
}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0TEAM',
    team_domain: 'example',
    channel_id: fields.channel_id ?? 'C0CHANNEL',
    channel_name: 'ops',
    user_id: fields.user_id ?? 'U0ALICE',
    user_name: 'alice',
    command: '/ec2',
    text: fields.text,
    api_app_id: 'A0APP',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? `${Date.now()}.${++trigger}.abcdef`,
  }).toString();
}

/** An interactivity (block_actions) body as Slack sends it: form field `payload` with JSON. */
export function blockActionsBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
