import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/**
 * `maintenance-sweep`: one account's standing plan (src/maintenance/standing.ts), from its job scheduler
 * every `maintenance.sweep_minutes`, or at once when AWS delivers a scheduled change (`trigger: event`).
 * On `query`: it is a read fan-out first, and twenty run at once there.
 */
export const MAINTENANCE_SWEEP = jobSpec({
  queue: QUEUE.query,
  name: 'maintenance-sweep',
  schema: basePayload.extend({
    account: z.string().min(1).max(64),
    trigger: z.enum(['schedule', 'event']).default('schedule'),
  }),
});
