import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';

/** A verified webhook event, as received (parsing happens here, not in the web process). */
export const alertIngestPayload = basePayload.extend({
  via: z.enum(['eventbridge', 'sns']),
  event: z.unknown(),
});
