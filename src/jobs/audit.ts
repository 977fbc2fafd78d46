import { queryPayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `audit` on the `query` queue: a read-only fan-out over accounts and regions. */
export const AUDIT = jobSpec({ queue: QUEUE.query, name: 'audit', schema: queryPayload });
