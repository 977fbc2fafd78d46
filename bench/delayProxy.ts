import { createServer, request, type Server } from 'node:http';

/** One AWS call as the proxy saw it: who (from the SigV4 credential scope), what, when. */
export interface ProxiedCall {
  service: string;
  region: string;
  /** 12-digit account, learnt from the AssumeRole answer that issued the access key. */
  account: string;
  /** The role session name of that AssumeRole (the bot names the user it acts for there). */
  session: string;
  action: string;
  start: number;
  end: number;
}

/**
 * An HTTP proxy that holds every request `delayMs` before passing it to `target`: AWS's network latency,
 * for every call the bot makes (STS, EC2, Health), without touching the bot. It records each call; it
 * learns which account an access key belongs to from the AssumeRole answers that pass through it.
 */
export class DelayProxy {
  readonly calls: ProxiedCall[] = [];
  /**
   * Decides per request whether AWS lets it through; false answers EC2's throttle (HTTP 503
   * RequestLimitExceeded) instead of asking the target. Default: everything passes.
   */
  gate: (call: {
    account: string;
    region: string;
    service: string;
    action: string;
    form: string;
  }) => boolean = () => true;
  /**
   * Replay: answer a request seen before from memory (after the delay) instead of asking the target.
   * A warm run then measures the bot against latency alone, not against one moto process saturating
   * two shared cores.
   */
  replay = false;
  private readonly answers = new Map<
    string,
    { status: number; headers: Record<string, unknown>; body: Buffer }
  >();
  private server?: Server;
  port = 0;

  constructor(
    private readonly target: string,
    private readonly delayMs: number,
    /** Access key → the account and role session that AssumeRole issued it for (shared by proxies). */
    private readonly keys: Map<string, { account: string; session: string }> = new Map(),
    /** Extra headers for the target, by account (the Health fake learns the account this way). */
    private readonly headersFor: (account: string) => Record<string, string> = () => ({}),
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const start = performance.now();
      const scope = /Credential=([^/]+)\/\d+\/([^/]+)\/([^/]+)\//.exec(
        String(req.headers.authorization ?? ''),
      );
      const { account, session } = this.keys.get(scope?.[1] ?? '') ?? { account: '', session: '' };
      const action =
        String(req.headers['x-amz-target'] ?? '').split('.')[1] ??
        new URLSearchParams(body.toString('utf8')).get('Action') ??
        '';
      await new Promise((r) => setTimeout(r, this.delayMs));
      const call = { service: scope?.[3] ?? '', region: scope?.[2] ?? '', action, start };
      if (!this.gate({ ...call, account, form: body.toString('utf8') })) {
        res.writeHead(503, { 'content-type': 'text/xml' });
        res.end(THROTTLED);
        return;
      }
      const memoKey = `${account}|${call.region}|${call.service}|${action}|${req.url}|${body.toString('utf8')}`;
      const memo = this.replay ? this.answers.get(memoKey) : undefined;
      if (memo) {
        res.writeHead(memo.status, memo.headers as Record<string, string>);
        res.end(memo.body);
        this.calls.push({ ...call, account, session, end: performance.now() });
        return;
      }
      const t = new URL(this.target);
      const fwd = request(
        {
          host: t.hostname,
          port: t.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: t.host, ...this.headersFor(account) },
        },
        (up) => {
          const parts: Buffer[] = [];
          up.on('data', (d: Buffer) => parts.push(d));
          up.on('end', () => {
            const answer = Buffer.concat(parts);
            const headers = endToEnd(up.headers, answer.length);
            if (action === 'AssumeRole') this.learn(body.toString('utf8'), answer.toString('utf8'));
            else this.answers.set(memoKey, { status: up.statusCode ?? 502, headers, body: answer });
            res.writeHead(up.statusCode ?? 502, headers);
            res.end(answer);
            const form = new URLSearchParams(body.toString('utf8'));
            this.calls.push({
              ...call,
              account: action === 'AssumeRole' ? roleAccount(body.toString('utf8')) : account,
              session: action === 'AssumeRole' ? (form.get('RoleSessionName') ?? '') : session,
              end: performance.now(),
            });
          });
        },
      );
      fwd.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      fwd.end(body);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
  }

  private learn(requestBody: string, answer: string): void {
    const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(answer)?.[1];
    const session = new URLSearchParams(requestBody).get('RoleSessionName') ?? '';
    if (key) this.keys.set(key, { account: roleAccount(requestBody), session });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/**
 * The upstream's end-to-end headers only: moto (werkzeug) answers `Connection: close`, which would make
 * the bot open a new TCP connection for every call where AWS keeps them alive.
 */
function endToEnd(headers: Record<string, unknown>, length: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (['connection', 'keep-alive', 'transfer-encoding', 'content-length'].includes(k.toLowerCase()))
      continue;
    if (v !== undefined) out[k] = String(v);
  }
  out['content-length'] = String(length);
  return out;
}

const THROTTLED =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>bench-gate</RequestID></Response>';

const roleAccount = (form: string): string =>
  /::(\d{12}):role\//.exec(new URLSearchParams(form).get('RoleArn') ?? '')?.[1] ?? '';
