import { queryPayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `status` on the `query` queue: a read-only fan-out over accounts and regions. */
export const STATUS = jobSpec({ queue: QUEUE.query, name: 'status', schema: queryPayload });
