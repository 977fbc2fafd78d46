import { z } from 'zod';

/** Fields every job payload carries: who asked, where to answer, the id users see in errors. */
export const basePayload = z.object({
  correlationId: z.string().min(1).max(64),
  requester: z.string().max(64).optional(),
  responseUrl: z.url().optional(),
  channel: z.string().max(32).optional(),
});
export type BasePayload = z.infer<typeof basePayload>;
