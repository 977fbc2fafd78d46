import { z } from 'zod';
import { INSTANCE_ID } from '../domain/instance';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `op-salvage`: one operation found lost in flight (src/ops/sweep.ts), ended safely (src/ops/salvage.ts). */
export const OP_SALVAGE = jobSpec({
  queue: QUEUE.ops,
  name: 'op-salvage',
  schema: z.object({
    correlationId: z.string().min(1).max(64),
    account: z.string().min(1).max(64),
    region: z.string().max(32),
    instanceId: z.string().regex(INSTANCE_ID),
    instanceName: z.string().max(256).optional(),
    op: z.string().max(32),
    lostJobId: z.string().max(200),
    lostChannel: z.string().max(32).optional(),
    lostMessageTs: z.string().max(32).optional(),
    lostRequester: z.string().max(64).optional(),
    /** The instance's state and type before the operation (its in-flight record). */
    before: z.object({ state: z.string().max(32), type: z.string().max(64) }).optional(),
    /** Redis no longer had the job at all (restarted without persistence). */
    redisLost: z.boolean(),
  }),
});
