import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

export const accountsPayload = basePayload.extend({});

/** `accounts` on the `query` queue. */
export const ACCOUNTS = jobSpec({ queue: QUEUE.query, name: 'accounts', schema: accountsPayload });
