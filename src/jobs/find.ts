import { z } from 'zod';
import { queryPayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `find` on the `query` queue: an instance by id or Name tag in every account-region asked. */
export const FIND = jobSpec({
  queue: QUEUE.query,
  name: 'find',
  schema: queryPayload.extend({ ref: z.string().min(1).max(255) }),
});
