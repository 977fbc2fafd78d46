import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `maintenance-digest`: one account's weekly maintenance digest (enqueued by its job scheduler). */
export const MAINTENANCE_DIGEST = jobSpec({
  queue: QUEUE.schedules,
  name: 'maintenance-digest',
  schema: basePayload.extend({ account: z.string().min(1).max(64) }),
});
