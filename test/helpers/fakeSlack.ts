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

/** How a "down" Slack answers: HTTP 200 `{ok:false,error}` (as Slack does for its own faults) or a 5xx. */
export type Outage = 'internal_error' | 'service_unavailable' | 500 | 503;

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
  private outage?: { until: number; how: Outage };
  private lost: { method: string; times: number }[] = [];
  private trigger?: { pred: (c: SlackCall) => boolean; ms: number; how: Outage };
  /** Methods answered by the test instead of this fake (e.g. `apps.connections.open` by a Socket Mode hub). */
  readonly methods = new Map<
    string,
    (body: Record<string, any>, bearer: string) => Record<string, unknown>
  >();
  /** When the last outage started and ends (epoch ms). */
  outageWindow?: { from: number; until: number };
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
        if (this.outage && Date.now() < this.outage.until) {
          this.calls.push({ method: `${method}:down`, body, at: Date.now() });
          const how = this.outage.how;
          res.writeHead(typeof how === 'number' ? how : 200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: typeof how === 'number' ? 'http_error' : how }));
          return;
        }
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
        const answer = this.methods.get(method)?.(body, bearer) ?? this.answer(method, body);
        const lose = this.lost.find((l) => l.method === method && l.times > 0);
        this.calls.push({
          method,
          body,
          at: Date.now(),
          responseId: resp?.[1],
          ts: answer.ts as string | undefined,
        });
        const t = this.trigger;
        if (t?.pred(this.calls[this.calls.length - 1] as SlackCall)) {
          this.trigger = undefined;
          this.down(t!.ms, t!.how);
        }
        if (lose) {
          // Slack did the work; the answer never reaches the bot (a timeout, a dropped connection).
          lose.times -= 1;
          req.socket.destroy();
          return;
        }
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

  /** Slack is down for `ms`: every Web API and response_url call fails the way `how` says. */
  down(ms: number, how: Outage = 'internal_error'): void {
    this.outage = { until: Date.now() + ms, how };
    this.outageWindow = { from: Date.now(), until: this.outage.until };
  }

  /** Goes down for `ms` right after answering the first call that matches `pred`. */
  downAfter(pred: (c: SlackCall) => boolean, ms: number, how: Outage = 'internal_error'): void {
    this.trigger = { pred, ms, how };
  }

  /** The next `times` calls of `method` succeed here, but the connection drops before the answer. */
  loseAnswers(method: string, times = 1): void {
    this.lost.push({ method, times });
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  clear(): void {
    this.calls.length = 0;
    this.limits = [];
    this.lost = [];
    this.outage = undefined;
    this.trigger = undefined;
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
      case 'conversations.history':
        return { ok: true, messages: this.history(body), has_more: false };
      case 'users.conversations':
        // The bot is a member of every channel it posted in.
        return {
          ok: true,
          channels: [...new Set(this.callsOf('chat.postMessage').map((c) => String(c.body.channel)))].map(
            (id) => ({ id }),
          ),
          response_metadata: { next_cursor: '' },
        };
      case 'chat.getPermalink':
        return {
          ok: true,
          channel: body.channel,
          permalink: `https://example.slack.com/archives/${body.channel}/p${String(body.message_ts).replace('.', '')}`,
        };
      case 'usergroups.users.list':
        return { ok: true, users: this.usergroups.get(body.usergroup) ?? [] };
      case 'views.publish':
        // The Home tab as Slack echoes it back; the call (user_id, view) is in `calls`.
        return { ok: true, view: { id: `V${this.seq}`, type: 'home', blocks: body.view?.blocks ?? [] } };
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      default:
        return { ok: true };
    }
  }

  /**
   * Messages posted to a channel since `oldest`, newest first, as they are now (the last chat.update of
   * each replaces its text and blocks; metadata stays unless an update sets it), with metadata only when
   * asked for (as Slack).
   */
  private history(body: Record<string, any>): Record<string, unknown>[] {
    const oldest = Number(body.oldest ?? 0);
    return this.calls
      .filter((c) => c.method === 'chat.postMessage' && c.body.channel === body.channel && c.ts)
      .filter((c) => Number(c.ts) >= oldest)
      .reverse()
      .slice(0, Number(body.limit ?? 100))
      .map((c) => {
        const now = this.current(c);
        return {
          type: 'message',
          ts: c.ts,
          text: now.text,
          ...(now.blocks ? { blocks: now.blocks } : {}),
          bot_id: 'BBOT',
          ...(String(body.include_all_metadata) === 'true' && now.metadata ? { metadata: now.metadata } : {}),
        };
      });
  }

  /** A posted message with every later chat.update of it applied. */
  private current(post: SlackCall): Record<string, any> {
    const msg: Record<string, any> = { ...post.body };
    for (const u of this.calls)
      if (u.method === 'chat.update' && u.body.channel === post.body.channel && u.body.ts === post.ts)
        Object.assign(
          msg,
          { text: u.body.text, blocks: u.body.blocks },
          u.body.metadata ? { metadata: u.body.metadata } : {},
        );
    return msg;
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
