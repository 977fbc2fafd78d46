import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `alert-page`: bring an urgent alert's pagers in line with Slack (src/alerts/pager.ts pageAlert). */
export const ALERT_PAGE = jobSpec({
  queue: QUEUE.alerts,
  name: 'alert-page',
  schema: basePayload.extend({
    alertId: z.string().min(1).max(64),
    by: z.string().max(32).optional(),
  }),
});
