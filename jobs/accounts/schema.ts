import { basePayload } from '../../src/jobDefinition';
import { jobSpec } from '../../src/jobSpec';
import { QUEUE } from '../../src/queues';

export const accountsPayload = basePayload.extend({});

/** `accounts` on the `query` queue. */
export const ACCOUNTS = jobSpec({ queue: QUEUE.query, name: 'accounts', schema: accountsPayload });
