import { jobSpec } from '../../src/jobSpec';
import { queryPayload } from '../../src/query/target';
import { QUEUE } from '../../src/queues';

/** `status` on the `query` queue: a read-only fan-out over accounts and regions. */
export const STATUS = jobSpec({ queue: QUEUE.query, name: 'status', schema: queryPayload });
