import { z } from 'zod';
import { OPERATIONS } from '../../src/config/schema';
import { basePayload } from '../../src/jobDefinition';

export const opPlanPayload = basePayload.extend({
  requester: z.string().min(1).max(32),
  op: z.enum(OPERATIONS),
  account: z.string().min(1).max(32),
  /** Instance id or Name tag, as typed; absent for account-level operations (`snapshots`). */
  ref: z.string().min(1).max(255).optional(),
  dryRun: z.boolean().default(false),
  params: z.record(z.string(), z.unknown()).default({}),
  triggerId: z.string().max(64).optional(),
});
