import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';

export const resizePlanPayload = basePayload.extend({
  requester: z.string().max(32),
  account: z.string().min(1).max(64),
  /** Instance id or Name tag, as typed. */
  instance: z.string().min(1).max(256),
  targetType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/),
  dryRun: z.boolean().default(false),
});
export type ResizePlanPayload = z.infer<typeof resizePlanPayload>;
