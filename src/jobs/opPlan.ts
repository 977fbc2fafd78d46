import { z } from 'zod';
import { OPERATIONS, opLabelSchema } from '../config/operations';
import { INSTANCE_ID } from '../domain/instance';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/**
 * `op-plan`: an operation asked for by a command or a button, planned in the worker (the web process
 * never calls AWS). A command names the instance as typed (`ref`: id or Name); a button carries the
 * instance id and region from its stored ref.
 */
export const OP_PLAN = jobSpec({
  queue: QUEUE.query,
  name: 'op-plan',
  schema: basePayload.extend({
    requester: z.string().min(1).max(64),
    op: z.enum(OPERATIONS),
    account: z.string().min(1).max(64),
    ref: z.string().min(1).max(255).optional(),
    region: z.string().max(32).optional(),
    instanceId: z.string().regex(INSTANCE_ID).optional(),
    dryRun: z.boolean().default(false),
    params: z.record(z.string(), z.unknown()).default({}),
    threadTs: z.string().max(32).optional(),
    origin: z
      .object({
        kind: z.enum(['command', 'event', 'alert', 'auto', 'maintenance']),
        id: z.string().max(128).optional(),
      })
      .default({ kind: 'command' }),
    triggerId: z.string().max(64).optional(),
    /** The button's words (src/config/operations.ts opLabelSchema). */
    label: opLabelSchema.optional(),
  }),
});
