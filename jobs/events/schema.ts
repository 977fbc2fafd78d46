import { jobSpec } from '../../src/jobSpec';
import { queryPayload } from '../../src/query/target';
import { QUEUE } from '../../src/queues';

/** `events` on the `query` queue: a read-only fan-out over accounts and regions. */
export const EVENTS = jobSpec({ queue: QUEUE.query, name: 'events', schema: queryPayload });
