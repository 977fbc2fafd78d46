import { alertTimerPayload } from './alertEscalate';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `alert-autorecover`: opt-in recover of an unacknowledged alert's instances (src/alerts/timers.ts). */
export const ALERT_AUTORECOVER = jobSpec({
  queue: QUEUE.alerts,
  name: 'alert-autorecover',
  schema: alertTimerPayload,
});
