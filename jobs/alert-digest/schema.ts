import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';
import { jobSpec } from '../../src/jobSpec';
import { QUEUE } from '../../src/queues';

/** `alert-digest`: one account's quiet-hours digest (src/alerts/timers.ts scheduleDigest). */
export const ALERT_DIGEST = jobSpec({
  queue: QUEUE.alerts,
  name: 'alert-digest',
  schema: basePayload.extend({ account: z.string().min(1).max(64) }),
});
