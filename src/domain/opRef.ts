import { z } from 'zod';
import { OPERATIONS, opLabelSchema } from '../config/operations';

/**
 * What an operation button stands for (stored behind an opaque RefStore id; re-validated on press).
 * Views that offer an operation (events, status, alerts, nitro) store one; the operations handler reads it.
 */
export const opRefSchema = z.object({
  kind: z.literal('op'),
  op: z.enum(OPERATIONS),
  account: z.string(),
  region: z.string(),
  instanceId: z.string().regex(/^i-[0-9a-f]{8,17}$/),
  /** Scheduled event the button came from (reschedule). */
  eventId: z.string().optional(),
  notBeforeDeadline: z.string().optional(),
  targetType: z.string().optional(),
  /** A Force stop offered by a stop + start whose stop hung: start it again afterwards (src/ops/machine.ts). */
  thenStart: z.boolean().optional(),
  /** The button's words when they are not the operation's own label (src/config/operations.ts). */
  label: opLabelSchema.optional(),
  /** Where the button was shown. */
  channel: z.string().optional(),
  /** What offered the button: an alert's Recover may be one-tap for on-call (`one_tap_recover`). */
  origin: z
    .object({ kind: z.enum(['command', 'event', 'alert', 'auto', 'maintenance']), id: z.string().optional() })
    .optional(),
});
export type OpRef = z.infer<typeof opRefSchema>;
