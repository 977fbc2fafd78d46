import type { EventsQueue, QueueMessage } from '../src/aws/eventsQueue';

interface Stored {
  id: string;
  body: string;
  sentAt: number;
  receives: number;
  visibleAt: number;
  receipt: string;
}

/**
 * SQS's semantics in memory, for the intake's throughput figure: visibility timeout, receive count,
 * redrive to a dead-letter list after `maxReceiveCount` receives, long polling, and a fixed round trip
 * per call (`rttMs`, default 10 ms: an assumption for a client in the queue's region). moto's SQS is
 * used for correctness (tests, and the benchmark's end-to-end row), but its ReceiveMessage costs about
 * 3 ms per message held in the queue, so it cannot show a drain rate in the thousands.
 */
export class MemoryQueue implements EventsQueue {
  readonly url = 'memory://bench-events';
  readonly dlq: Stored[] = [];
  private readonly messages = new Map<string, Stored>();
  private seq = 0;

  constructor(private readonly opts: { rttMs?: number; maxReceiveCount?: number } = {}) {}

  send(bodies: string[]): void {
    for (const body of bodies) {
      const id = `m${++this.seq}`;
      this.messages.set(id, { id, body, sentAt: Date.now(), receives: 0, visibleAt: 0, receipt: '' });
    }
  }

  get depth(): number {
    return this.messages.size;
  }

  private rtt(): Promise<void> {
    return new Promise((r) => setTimeout(r, this.opts.rttMs ?? 10));
  }

  async receive(o: {
    max: number;
    waitSeconds: number;
    visibilitySeconds: number;
    signal?: AbortSignal;
  }): Promise<QueueMessage[]> {
    await this.rtt();
    const end = Date.now() + o.waitSeconds * 1000;
    for (;;) {
      const got = this.take(o.max, o.visibilitySeconds);
      if (got.length || Date.now() >= end || o.signal?.aborted) return got;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private take(max: number, visibilitySeconds: number): QueueMessage[] {
    const now = Date.now();
    const out: QueueMessage[] = [];
    for (const m of this.messages.values()) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      if (m.receives >= (this.opts.maxReceiveCount ?? 5)) {
        this.messages.delete(m.id);
        this.dlq.push(m);
        continue;
      }
      m.receives += 1;
      m.visibleAt = now + visibilitySeconds * 1000;
      m.receipt = `${m.id}:${m.receives}`;
      out.push({ id: m.id, receipt: m.receipt, body: m.body, sentAt: m.sentAt, receiveCount: m.receives });
    }
    return out;
  }

  async delete(messages: QueueMessage[]): Promise<string[]> {
    await this.rtt();
    for (const m of messages) if (this.messages.get(m.id)?.receipt === m.receipt) this.messages.delete(m.id);
    return [];
  }

  async extend(messages: QueueMessage[], seconds: number): Promise<void> {
    await this.rtt();
    for (const m of messages) {
      const s = this.messages.get(m.id);
      if (s?.receipt === m.receipt) s.visibleAt = Date.now() + seconds * 1000;
    }
  }

  destroy(): void {}
}
