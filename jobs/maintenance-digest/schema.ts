import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';
import { jobSpec } from '../../src/jobSpec';
import { QUEUE } from '../../src/queues';

/** `maintenance-digest`: one account's weekly maintenance digest (enqueued by its job scheduler). */
export const MAINTENANCE_DIGEST = jobSpec({
  queue: QUEUE.schedules,
  name: 'maintenance-digest',
  schema: basePayload.extend({ account: z.string().min(1).max(64) }),
});
