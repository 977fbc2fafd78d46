import { queryPayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `events` on the `query` queue: a read-only fan-out over accounts and regions. */
export const EVENTS = jobSpec({ queue: QUEUE.query, name: 'events', schema: queryPayload });
