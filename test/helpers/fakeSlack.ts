import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface SlackCall {
  method: string;
  body: Record<string, any>;
  at: number;
  /** For response_url calls: the id in the URL path. */
  responseId?: string;
  /** The message ts this fake answered (chat.postMessage). */
  ts?: string;
}

interface RateLimit {
  method: string;
  channel?: string;
  times: number;
  retryAfter: number;
  /** Set: answer 200 `{ ok: false, error }` (a refusal such as channel_not_found) instead of 429. */
  error?: string;
}

/**
 * A local stand-in for Slack's Web API (SLACK_API_URL) and response_url endpoints. It records every
 * call, answers like Slack (ok, ts, channel) and can answer 429 with Retry-After or refuse a call. Mocked because no
 * real Slack workspace is reachable from tests.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  private server?: Server;
  private seq = 0;
  private limits: RateLimit[] = [];
  readonly usergroups = new Map<string, string[]>();
  /** Bot tokens this fake answers `invalid_auth` for. */
  readonly badTokens = new Set<string>();
  port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string = String(++this.seq)): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const resp = /^\/response\/(.+)$/.exec(url.pathname);
        const api = /^\/api\/(.+)$/.exec(url.pathname);
        const method = resp ? 'response_url' : (api?.[1] ?? url.pathname);
        const limit = this.limits.find(
          (l) => l.method === method && (!l.channel || l.channel === body.channel),
        );
        if (limit && limit.times > 0 && limit.error) {
          limit.times -= 1;
          this.calls.push({ method: `${method}:${limit.error}`, body, at: Date.now() });
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: limit.error }));
          return;
        }
        if (limit && limit.times > 0) {
          limit.times -= 1;
          this.calls.push({ method: `${method}:429`, body, at: Date.now() });
          res.writeHead(429, { 'retry-after': String(limit.retryAfter), 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        if (api && this.badTokens.has(bearer)) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
          return;
        }
        const answer = this.answer(method, body);
        this.calls.push({
          method,
          body,
          at: Date.now(),
          responseId: resp?.[1],
          ts: answer.ts as string | undefined,
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
  }

  /** The next `times` calls of `method` (optionally to one channel) answer 429 with Retry-After. */
  rateLimit(method: string, opts: { times?: number; retryAfter?: number; channel?: string } = {}): void {
    this.limits.push({
      method,
      times: opts.times ?? 1,
      retryAfter: opts.retryAfter ?? 1,
      channel: opts.channel,
    });
  }

  /** The next `times` calls of `method` (optionally to one channel) answer `{ ok: false, error }`. */
  refuse(method: string, error: string, opts: { times?: number; channel?: string } = {}): void {
    this.limits.push({ method, error, times: opts.times ?? 1, retryAfter: 0, channel: opts.channel });
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  clear(): void {
    this.calls.length = 0;
    this.limits = [];
  }

  /** Waits until `pred` holds over the recorded calls; fails with what was recorded. */
  async waitFor<T>(pred: (calls: SlackCall[]) => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const v = pred(this.calls);
      if (v) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(
      `fake Slack: condition not met in ${timeoutMs} ms; calls were:\n${JSON.stringify(this.calls, null, 1).slice(0, 4000)}`,
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private answer(method: string, body: Record<string, any>): Record<string, unknown> {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
    switch (method) {
      case 'chat.postMessage':
      case 'chat.postEphemeral':
        return { ok: true, ts, channel: body.channel, message: { ts, text: body.text } };
      case 'chat.update':
        return { ok: true, ts: body.ts, channel: body.channel };
      case 'chat.getPermalink':
        return {
          ok: true,
          channel: body.channel,
          permalink: `https://example.slack.com/archives/${body.channel}/p${String(body.message_ts).replace('.', '')}`,
        };
      case 'usergroups.users.list':
        return { ok: true, users: this.usergroups.get(body.usergroup) ?? [] };
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      default:
        return { ok: true };
    }
  }
}

async function readBody(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('json')) return JSON.parse(raw);
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}
