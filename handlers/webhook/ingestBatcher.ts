import type { WebDeps } from '../../src/deps';
import { newCorrelationId } from '../../src/errors/appError';
import { ALERT_INGEST, INGEST_BATCH_MAX } from '../../src/jobs/alertIngest';

const INGEST_BATCH_MS = 5;
const INGEST_BATCH_BYTES = 1024 * 1024;

interface Pending {
  event: unknown;
  resolve: (id: string) => void;
  reject: (err: unknown) => void;
}

/**
 * Verified events that arrive together go on `alerts` as one job (up to 200 events, ~1 MB or 5 ms): one
 * Redis round trip and one job for a burst instead of one each. Every request still answers only after
 * its batch is enqueued, so a 202 always means "durably queued".
 */
export class IngestBatcher {
  private pending: Pending[] = [];
  private bytes = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly deps: WebDeps) {}

  /** `bytes`: the request body's size (a batch stays near 1 MB however large single events are). */
  add(event: unknown, bytes: number): Promise<string> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      this.bytes += bytes;
      if (this.pending.length >= INGEST_BATCH_MAX || this.bytes >= INGEST_BATCH_BYTES) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), INGEST_BATCH_MS);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.bytes = 0;
    if (batch.length > 0) this.enqueue(batch, true);
  }

  /**
   * One job for the batch. If it cannot be queued and held more than one event, each event is tried
   * as its own job: an event that cannot be queued (whatever the reason) fails only its own request.
   */
  private enqueue(batch: Pending[], split: boolean): void {
    const correlationId = newCorrelationId();
    this.deps.queues.enqueue(ALERT_INGEST, { correlationId, events: batch.map((p) => p.event) }).then(
      () => {
        for (const p of batch) p.resolve(correlationId);
      },
      (err: unknown) => {
        if (split && batch.length > 1) {
          for (const p of batch) this.enqueue([p], false);
          return;
        }
        for (const p of batch) p.reject(err);
      },
    );
  }
}
