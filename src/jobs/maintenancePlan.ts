import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `/ec2 maintenance plan <account|all> [--days N]`: scan the open events, plan, post for approval. */
export const MAINTENANCE_PLAN = jobSpec({
  queue: QUEUE.query,
  name: 'maintenance-plan',
  schema: basePayload.extend({
    accounts: z.array(z.string().max(32)).min(1).max(500),
    target: z.string().max(32),
    days: z.number().int().min(1).max(60).default(14),
  }),
});
