import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

export const nitroPayload = basePayload.extend({
  requester: z.string().max(32),
  /** An account alias or `all`. */
  account: z.string().min(1).max(64),
});
export type NitroPayload = z.infer<typeof nitroPayload>;

/** `nitro` on the `query` queue. */
export const NITRO = jobSpec({ queue: QUEUE.query, name: 'nitro', schema: nitroPayload });
