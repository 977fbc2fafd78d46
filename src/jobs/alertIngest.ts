import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** Events in one `alert-ingest` job at most (the web process's batcher fills up to this). */
export const INGEST_BATCH_MAX = 200;

/**
 * `alert-ingest`: verified webhook events, as received, batched by the web process
 * (handlers/webhook/ingestBatcher.ts); parsing happens in the job.
 */
export const ALERT_INGEST = jobSpec({
  queue: QUEUE.alerts,
  name: 'alert-ingest',
  schema: basePayload.extend({
    events: z.array(z.unknown()).min(1).max(INGEST_BATCH_MAX),
  }),
});
