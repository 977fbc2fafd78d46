import { z } from 'zod';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

const stageRef = z.object({
  correlationId: z.string().min(1).max(64),
  planId: z.string().max(64),
  stage: z.number().int().min(0),
  /** 0: the stage's first run; n: the n-th Retry (only its failed items run again). */
  attempt: z.number().int().min(0).default(0),
});

/** A stage, or (with `watch`: an item key) one look at an instance to start after AWS's own stop. */
const stageOrWatch = stageRef.extend({ watch: z.string().max(200).optional() });

/** Starts one stage of an approved maintenance plan (a delayed job until its window opens). */
export const MAINTENANCE_STAGE = jobSpec({
  queue: QUEUE.ops,
  name: 'maintenance-stage',
  schema: stageOrWatch,
});

/** The parent of a stage's operation jobs (one BullMQ flow): runs when they all ended. */
export const MAINTENANCE_WAVE = jobSpec({
  queue: QUEUE.ops,
  name: 'maintenance-wave',
  schema: stageRef.extend({ children: z.record(z.string(), z.string()) }),
});
