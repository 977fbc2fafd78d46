import { z } from 'zod';

/** Fields every job payload carries: who asked, where to answer, the id users see in errors. */
export const basePayload = z.object({
  correlationId: z.string().min(1).max(64),
  requester: z.string().max(64).optional(),
  responseUrl: z.url().optional(),
  channel: z.string().max(32).optional(),
});
export type BasePayload = z.infer<typeof basePayload>;

/** Payload of a read-only fan-out: which accounts (aliases, resolved by the command), region, where to answer. */
export const queryPayload = basePayload.extend({
  accounts: z.array(z.string().max(32)).min(1).max(500),
  region: z.string().max(32).optional(),
  public: z.boolean().default(false),
  /** What the user typed (`all` or an alias), for the reply's title. */
  target: z.string().max(32).optional(),
});
export type QueryPayload = z.infer<typeof queryPayload>;
