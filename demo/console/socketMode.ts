import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Slack's side of Socket Mode, for the demo console and the tests (no Slack is reachable from either).
 * As Slack documents it (https://docs.slack.dev/apis/events-api/using-socket-mode): `apps.connections.open`,
 * called with the app-level token, returns a one-time WebSocket URL; on connect Slack sends `hello`; each
 * payload comes as an envelope `{ envelope_id, type, payload, accepts_response_payload, retry_attempt,
 * retry_reason }` on ONE of the app's open connections, and the app acks `{ envelope_id, payload? }`;
 * `{ type: "disconnect", reason: "refresh_requested" }` asks the app to reconnect. An envelope not
 * acked because its connection went away is delivered again on another connection with
 * `retry_attempt` + 1; an `events_api` envelope not acked in 3 s is too.
 */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt: number;
  retry_reason: string;
}

export interface HubOptions {
  appToken: string;
  appId?: string;
  /** How long an events_api envelope may wait for its ack before it is sent again (Slack: 3 s). */
  ackTimeoutMs?: number;
  /** How long an envelope waits for any connection at all before the delivery fails. */
  deliveryDeadlineMs?: number;
  /** Deliveries after the first (Slack retries events 3 times). */
  maxRetries?: number;
}

interface Conn {
  id: number;
  ws: WebSocket;
  /** Told to reconnect: gets no new envelopes while another connection is open. */
  draining: boolean;
}

interface Pending {
  env: Envelope;
  conn?: Conn;
  timer?: NodeJS.Timeout;
  resolve: (ack: Record<string, unknown> | undefined) => void;
  reject: (err: Error) => void;
  deadline: number;
}

/** What the hub did, in order: every envelope sent (with its connection) and every ack taken. */
export interface HubRecord {
  event: 'sent' | 'acked' | 'ack-lost' | 'hello' | 'disconnect' | 'closed';
  conn: number;
  envelope_id?: string;
  type?: EnvelopeType;
  retry_attempt?: number;
}

export class SocketModeHub {
  readonly record: HubRecord[] = [];
  private readonly conns: Conn[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly waiting: Pending[] = [];
  private readonly tickets = new Set<string>();
  private server?: Server;
  private wss?: WebSocketServer;
  private seq = 0;
  private next = 0;
  private acksToLose = 0;
  private url = '';

  constructor(private readonly opts: HubOptions) {}

  async start(host = '127.0.0.1'): Promise<void> {
    this.server = createServer((_req, res) => res.writeHead(426).end());
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const ticket = new URL(req.url ?? '/', 'ws://x').searchParams.get('ticket') ?? '';
      if (!this.tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      this.wss?.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
    await new Promise<void>((r) => this.server?.listen(0, host, r));
    const a = this.server.address();
    this.url = `ws://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }

  /** `apps.connections.open`: a one-time URL for the app-level token (Slack's errors otherwise). */
  open(token: string | undefined): Record<string, unknown> & { ok: boolean } {
    if (!token) return { ok: false, error: 'not_authed' };
    if (token !== this.opts.appToken) return { ok: false, error: 'invalid_auth' };
    const ticket = randomBytes(12).toString('hex');
    this.tickets.add(ticket);
    return { ok: true, url: `${this.url}/link/?ticket=${ticket}&app_id=${this.opts.appId ?? 'A0DEMOAPP'}` };
  }

  get connections(): number {
    return this.conns.length;
  }

  /** Sends one payload as Slack would; resolves with the ack's payload (the app's answer), if any. */
  deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
  ): Promise<Record<string, unknown> | undefined> {
    const env: Envelope = {
      envelope_id: `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: 0,
      retry_reason: '',
    };
    return new Promise((resolve, reject) => {
      const p: Pending = {
        env,
        resolve,
        reject,
        deadline: Date.now() + (this.opts.deliveryDeadlineMs ?? 30_000),
      };
      this.pending.set(env.envelope_id, p);
      this.send(p);
    });
  }

  /** `disconnect` (refresh_requested) to one connection (default: the oldest), as Slack does every few hours. */
  refresh(index = 0): void {
    const c = this.conns[index];
    if (!c) return;
    c.draining = true;
    this.record.push({ event: 'disconnect', conn: c.id });
    c.ws.send(
      JSON.stringify({
        type: 'disconnect',
        reason: 'refresh_requested',
        debug_info: { host: 'demo-console' },
      }),
    );
  }

  /** Drops one connection without a word (a network failure). */
  drop(index = 0): void {
    this.conns[index]?.ws.terminate();
  }

  /** The next `n` acks are lost on the way (their connection drops as they arrive): the app did the work. */
  loseAcks(n: number): void {
    this.acksToLose += n;
  }

  async close(): Promise<void> {
    for (const p of [...this.pending.values()]) this.fail(p, 'the console stopped');
    for (const c of this.conns) c.ws.terminate();
    this.wss?.close();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private accept(ws: WebSocket): void {
    const c: Conn = { id: ++this.seq, ws, draining: false };
    this.conns.push(c);
    ws.on('message', (data) => this.onAck(c, data.toString()));
    ws.on('close', () => this.onClose(c));
    ws.on('error', () => ws.terminate());
    this.record.push({ event: 'hello', conn: c.id });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.conns.length,
        debug_info: { host: 'demo-console', approximate_connection_time: 18060 },
        connection_info: { app_id: this.opts.appId ?? 'A0DEMOAPP' },
      }),
    );
    for (const p of this.waiting.splice(0)) this.send(p);
  }

  /** One open connection, round robin, preferring those not told to reconnect. */
  private pick(): Conn | undefined {
    const open = this.conns.filter((c) => c.ws.readyState === c.ws.OPEN);
    const live = open.filter((c) => !c.draining);
    const from = live.length ? live : open;
    if (!from.length) return undefined;
    return from[this.next++ % from.length];
  }

  private send(p: Pending): void {
    if (Date.now() > p.deadline) {
      this.fail(p, 'no Socket Mode connection took it in time');
      return;
    }
    const conn = this.pick();
    if (!conn) {
      this.waiting.push(p);
      p.timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(p), 1);
        this.fail(p, 'no Socket Mode connection took it in time');
      }, p.deadline - Date.now());
      return;
    }
    clearTimeout(p.timer);
    p.conn = conn;
    this.record.push({
      event: 'sent',
      conn: conn.id,
      envelope_id: p.env.envelope_id,
      type: p.env.type,
      retry_attempt: p.env.retry_attempt,
    });
    conn.ws.send(JSON.stringify(p.env));
    if (p.env.type === 'events_api') {
      p.timer = setTimeout(() => this.again(p, 'timeout'), this.opts.ackTimeoutMs ?? 3000);
    }
  }

  private again(p: Pending, reason: string): void {
    clearTimeout(p.timer);
    if (!this.pending.has(p.env.envelope_id)) return;
    if (p.env.retry_attempt >= (this.opts.maxRetries ?? 3)) {
      this.fail(p, `not acked after ${p.env.retry_attempt + 1} deliveries`);
      return;
    }
    p.env = { ...p.env, retry_attempt: p.env.retry_attempt + 1, retry_reason: reason };
    this.send(p);
  }

  private fail(p: Pending, why: string): void {
    clearTimeout(p.timer);
    this.pending.delete(p.env.envelope_id);
    p.reject(new Error(why));
  }

  private onAck(c: Conn, raw: string): void {
    let ack: { envelope_id?: string; payload?: Record<string, unknown> };
    try {
      ack = JSON.parse(raw);
    } catch {
      return;
    }
    const p = this.pending.get(ack.envelope_id ?? '');
    if (!p) return;
    if (this.acksToLose > 0) {
      this.acksToLose -= 1;
      this.record.push({ event: 'ack-lost', conn: c.id, envelope_id: p.env.envelope_id });
      c.ws.terminate();
      return;
    }
    clearTimeout(p.timer);
    this.pending.delete(p.env.envelope_id);
    this.record.push({
      event: 'acked',
      conn: c.id,
      envelope_id: p.env.envelope_id,
      retry_attempt: p.env.retry_attempt,
    });
    const payload = ack.payload && Object.keys(ack.payload).length ? ack.payload : undefined;
    p.resolve(payload);
  }

  /** A closed connection's unacked envelopes go out again on another one. */
  private onClose(c: Conn): void {
    const i = this.conns.indexOf(c);
    if (i >= 0) this.conns.splice(i, 1);
    this.record.push({ event: 'closed', conn: c.id });
    for (const p of [...this.pending.values()]) if (p.conn === c) this.again(p, 'connection_failed');
  }
}
