import { jobSpec } from '../../src/jobSpec';
import { QUEUE } from '../../src/queues';
import { alertTimerPayload } from '../alert-escalate/schema';

/** `alert-autorecover`: opt-in recover of an unacknowledged alert's instances (src/alerts/timers.ts). */
export const ALERT_AUTORECOVER = jobSpec({
  queue: QUEUE.alerts,
  name: 'alert-autorecover',
  schema: alertTimerPayload,
});
