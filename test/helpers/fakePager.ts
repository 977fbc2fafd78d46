import { createServer, type Server } from 'node:http';

export interface PagerCall {
  path: string;
  body: Record<string, any>;
  headers: Record<string, string | string[] | undefined>;
  at: number;
  status: number;
}

/**
 * A local stand-in for PagerDuty's Events API v2 (`/v2/enqueue`, answering 202 like PagerDuty) and for
 * a generic alert webhook (`/hook`). It records every call and can be down (503) for the next N calls.
 * Mocked because PagerDuty is not reachable from tests (and must not be paged by them).
 */
export class FakePager {
  readonly calls: PagerCall[] = [];
  private server?: Server;
  private downFor = 0;
  port = 0;

  get eventsUrl(): string {
    return `http://127.0.0.1:${this.port}/v2/enqueue`;
  }
  get hookUrl(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** The next `n` calls answer 503. */
  down(n: number): void {
    this.downFor = n;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body: Record<string, any> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {}
        const status = this.downFor > 0 ? 503 : req.url === '/v2/enqueue' ? 202 : 200;
        if (this.downFor > 0) this.downFor -= 1;
        this.calls.push({ path: req.url ?? '', body, headers: req.headers, at: Date.now(), status });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            status === 202
              ? { status: 'success', message: 'Event processed', dedup_key: body.dedup_key }
              : { ok: status < 300 },
          ),
        );
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const a = this.server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
  }

  /** Delivered events (2xx) for one alert at one target path, in order: ['trigger', 'acknowledge', …]. */
  actions(path: string, dedupKey: string): string[] {
    return this.calls
      .filter((c) => c.path === path && c.status < 300 && c.body.dedup_key === dedupKey)
      .map((c) => (path === '/hook' ? c.body.event : c.body.event_action));
  }

  async waitFor<T>(pred: (calls: PagerCall[]) => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const v = pred(this.calls);
      if (v) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`fake pager: condition not met; calls: ${JSON.stringify(this.calls).slice(0, 3000)}`);
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
