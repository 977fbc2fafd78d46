import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

export const RESIZE_STEPS = [
  'prepare',
  'stop',
  'wait-stopped',
  'backup',
  'wait-backup',
  'ena',
  'set-type',
  'start',
  'wait-running',
  'wait-checks',
  'done',
] as const;
export type ResizeStep = (typeof RESIZE_STEPS)[number];

export const ROLLBACK_STEPS = [
  'stop',
  'wait-stopped',
  'type',
  'ena',
  'start',
  'wait-running',
  'done',
] as const;
export type RollbackStep = (typeof ROLLBACK_STEPS)[number];

/** What the step machine saved so far (job.updateData after every side effect). */
export const resizeState = z.object({
  step: z.enum(RESIZE_STEPS).optional(),
  beforeType: z.string().optional(),
  wasRunning: z.boolean().optional(),
  enaBefore: z.boolean().optional(),
  enableEna: z.boolean().optional(),
  enaChanged: z.boolean().optional(),
  amiId: z.string().optional(),
  startedAt: z.string().optional(),
  messageTs: z.string().optional(),
  rollback: z
    .object({ reason: z.string(), failedStep: z.string(), step: z.enum(ROLLBACK_STEPS).optional() })
    .optional(),
});
export type ResizeState = z.infer<typeof resizeState>;

/** OpJobPayload (src/opsApi.ts) of an approved resize, plus the saved step state. */
export const resizePayload = basePayload.extend({
  requester: z.string().max(32),
  approver: z.string().max(32).optional(),
  approvalId: z.string().max(128).optional(),
  account: z.string().min(1).max(64),
  region: z.string().min(1).max(32),
  instanceId: z.string().regex(INSTANCE_ID),
  params: z.object({ targetType: z.string().regex(INSTANCE_TYPE) }).loose(),
  dryRun: z.boolean().optional(),
  messageTs: z.string().max(32).optional(),
  resize: resizeState.optional(),
});
export type ResizePayload = z.infer<typeof resizePayload>;
