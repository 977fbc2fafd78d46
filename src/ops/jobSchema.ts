import { z } from 'zod';
import { INSTANCE_ID } from '../domain/instance';
import { basePayload } from '../jobDefinition';

/** Payload of every instance-operation job (OpJobPayload) plus the step machine's saved progress. */
export const opJobSchema = basePayload.extend({
  requester: z.string().min(1).max(64),
  approver: z.string().max(64).optional(),
  approvalId: z.string().max(64).optional(),
  account: z.string().min(1).max(32),
  region: z.string().max(32),
  instanceId: z.string().regex(INSTANCE_ID),
  params: z.record(z.string(), z.unknown()).optional(),
  dryRun: z.boolean().optional(),
  messageTs: z.string().max(32).optional(),
  threadTs: z.string().max(32).optional(),
  title: z.string().max(300).optional(),
  /** Next step to run (index); outputs of the steps done; a once-only step whose call may have gone out. */
  step: z.number().int().min(0).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  pending: z.string().optional(),
});
export type OpJobData = z.infer<typeof opJobSchema>;
