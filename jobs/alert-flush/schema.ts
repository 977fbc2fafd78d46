import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';

export const FLUSH_JOB = 'alert-flush';

/** One closed aggregation window of (account, type). */
export const alertFlushPayload = basePayload.extend({
  accountId: z.string().regex(/^\d{12}$/),
  type: z.string().min(1).max(128),
  bucketId: z.string().regex(/^b[\w]{4,40}$/),
});
