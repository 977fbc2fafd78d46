import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** The payload of an alert's delayed timers (escalation, auto-recover): which alert. */
export const alertTimerPayload = basePayload.extend({ alertId: z.string().min(1).max(64) });

/** `alert-escalate`: an urgent alert nobody acknowledged in time (src/alerts/timers.ts schedules it). */
export const ALERT_ESCALATE = jobSpec({
  queue: QUEUE.alerts,
  name: 'alert-escalate',
  schema: alertTimerPayload,
});
