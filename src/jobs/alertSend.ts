import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `alert-send`: the drainer of one channel's outbox lane (src/alerts/outbox.ts starts it). */
export const ALERT_SEND = jobSpec({
  queue: QUEUE.alerts,
  name: 'alert-send',
  schema: basePayload.extend({ channel: z.string().regex(/^[CGD][A-Z0-9]{2,}$/) }),
});
