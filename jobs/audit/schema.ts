import { jobSpec } from '../../src/jobSpec';
import { queryPayload } from '../../src/query/target';
import { QUEUE } from '../../src/queues';

/** `audit` on the `query` queue: a read-only fan-out over accounts and regions. */
export const AUDIT = jobSpec({ queue: QUEUE.query, name: 'audit', schema: queryPayload });
