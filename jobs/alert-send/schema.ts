import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';
import { jobSpec } from '../../src/jobSpec';
import { QUEUE } from '../../src/queues';

/** `alert-send`: the drainer of one channel's outbox lane (src/alerts/outbox.ts starts it). */
export const ALERT_SEND = jobSpec({
  queue: QUEUE.alerts,
  name: 'alert-send',
  schema: basePayload.extend({ channel: z.string().regex(/^[CGD][A-Z0-9]{2,}$/) }),
});
