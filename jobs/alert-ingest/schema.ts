import { z } from 'zod';
import { INGEST_BATCH_MAX } from '../../handlers/webhook/ingestBatcher';
import { basePayload } from '../../src/jobDefinition';

/** Verified webhook events, as received, batched by the web process (parsing happens here). */
export const alertIngestPayload = basePayload.extend({
  events: z.array(z.unknown()).min(1).max(INGEST_BATCH_MAX),
});
