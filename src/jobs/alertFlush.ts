import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `alert-flush`: one closed aggregation window of (account, type) (jobs/alert-ingest schedules it). */
export const ALERT_FLUSH = jobSpec({
  queue: QUEUE.alerts,
  name: 'alert-flush',
  schema: basePayload.extend({
    accountId: z.string().regex(/^\d{12}$/),
    type: z.string().min(1).max(128),
    bucketId: z.string().regex(/^b[\w]{4,40}$/),
  }),
});
