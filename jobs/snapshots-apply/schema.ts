import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';

const item = z.object({ id: z.string(), region: z.string(), reason: z.string() });

const regionProgress = z.object({
  created: z.number().int().default(0),
  deleted: z.number().int().default(0),
  kept: z.number().int().default(0),
  createDone: z.boolean().default(false),
  deleteDone: z.boolean().default(false),
});
export type RegionProgress = z.infer<typeof regionProgress>;

/** Saved with job.updateData after every side effect: a retried or resumed run continues from here. */
export const runProgress = z.object({
  startedAt: z.string(),
  /** The message progress is threaded under (ours, or the approval message we were given). */
  messageTs: z.string().optional(),
  ownMessage: z.boolean().default(false),
  regions: z.record(z.string(), regionProgress).default({}),
  skipped: z.array(item).default([]),
  failed: z.array(item).default([]),
  reported: z.boolean().default(false),
});
export type RunProgress = z.infer<typeof runProgress>;

/** `ops` job `snapshots-apply`, enqueued by the operations feature once approved (src/opsApi.ts). */
export const snapshotsApplyPayload = basePayload.extend({
  requester: z.string().min(1).max(32),
  approver: z.string().max(32).optional(),
  approvalId: z.string().max(64).optional(),
  account: z.string().min(1).max(32),
  regions: z.array(z.string().max(32)).max(40).optional(),
  params: z
    .object({ regions: z.array(z.string().max(32)).max(40).optional() })
    .loose()
    .optional(),
  messageTs: z.string().max(32).optional(),
  progress: runProgress.optional(),
});
export type SnapshotsApplyPayload = z.infer<typeof snapshotsApplyPayload>;
