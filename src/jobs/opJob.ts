import { z } from 'zod';
import { opLabelSchema } from '../config/operations';
import { INSTANCE_ID } from '../domain/instance';
import { basePayload } from './payload';

/**
 * Payload of every operation job (queue `ops`, job name = the operation) plus the step machine's saved
 * progress. The request's fields travel as they were approved; the machine adds `step`, `outputs`,
 * `pending` and `rollback` with job.updateData after every step.
 */
export const opJobSchema = basePayload.extend({
  requester: z.string().min(1).max(64),
  approver: z.string().max(64).optional(),
  approvalId: z.string().max(64).optional(),
  account: z.string().min(1).max(64),
  /** Instance operations: the instance and its region. Account-level ones leave them out. */
  region: z.string().max(32).optional(),
  instanceId: z.string().regex(INSTANCE_ID).optional(),
  /** The instance's Name tag when it was planned (backup image names). */
  instanceName: z.string().max(256).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  /** The plan message this job updates in place; progress goes in its thread (or in `threadTs`). */
  messageTs: z.string().max(32).optional(),
  /** Permalink of that message (for `/ec2 jobs`). */
  link: z.string().max(500).optional(),
  threadTs: z.string().max(32).optional(),
  /** The words of the button that asked for it (src/config/operations.ts): its name in every message and row. */
  label: opLabelSchema.optional(),
  /** The plan's title, for the result line. */
  title: z.string().max(300).optional(),
  /** What asked for it: an alert's operation updates that alert when it ends. */
  origin: z
    .object({
      kind: z.enum(['command', 'event', 'alert', 'auto', 'maintenance']),
      id: z.string().max(128).optional(),
    })
    .optional(),
  /** When the first attempt started (duration in the result). */
  startedAt: z.string().optional(),
  /** Next step to run (index); outputs of the steps done; a once-only step whose call may have gone out. */
  step: z.number().int().min(0).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  pending: z.string().optional(),
  /** The instance carries the in-flight tags (src/ops/inFlight.ts). */
  marked: z.boolean().optional(),
  /** The result (or failure) was reported on the operation's message. */
  reportedAt: z.string().optional(),
  /** A run that picks up a lost job (src/ops/salvage.ts): its first step may already have run. */
  salvage: z.object({ lostJobId: z.string(), why: z.string() }).optional(),
  /** Set once a step failed for good and the rollback began: why, where, and the next rollback step. */
  rollback: z
    .object({
      reason: z.string(),
      failedStep: z.string(),
      step: z.number().int().min(0).optional(),
      /** What the failure offered (a stuck stop → `force-stop`): still offered once rolled back. */
      offer: z.array(z.string()).optional(),
    })
    .optional(),
});
export type OpJobData = z.infer<typeof opJobSchema>;
/** What an enqueuer passes (defaults not yet applied). */
export type OpJobPayload = z.input<typeof opJobSchema>;
