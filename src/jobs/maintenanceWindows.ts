import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `/ec2 maintenance windows <account|all>`: AWS's instance event windows per region vs the config. */
export const MAINTENANCE_WINDOWS = jobSpec({
  queue: QUEUE.query,
  name: 'maintenance-windows',
  schema: basePayload.extend({
    requester: z.string().min(1).max(64),
    accounts: z.array(z.string().max(64)).min(1).max(500),
  }),
});
