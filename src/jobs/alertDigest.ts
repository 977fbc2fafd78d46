import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `alert-digest`: one account's quiet-hours digest (src/alerts/timers.ts scheduleDigest). */
export const ALERT_DIGEST = jobSpec({
  queue: QUEUE.alerts,
  name: 'alert-digest',
  schema: basePayload.extend({ account: z.string().min(1).max(64) }),
});
