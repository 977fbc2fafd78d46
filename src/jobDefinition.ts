import type { Job } from 'bullmq';
import { z } from 'zod';
import type { Deps } from './deps';
import type { JobSpec } from './jobSpec';
import type { Logger } from './logger';

/** Fields every job payload carries: who asked, where to answer, the id users see in errors. */
export const basePayload = z.object({
  correlationId: z.string().min(1).max(64),
  requester: z.string().max(64).optional(),
  responseUrl: z.url().optional(),
  channel: z.string().max(32).optional(),
});
export type BasePayload = z.infer<typeof basePayload>;

export interface JobContext {
  job: Job;
  log: Logger;
  /** The worker's lock token for this job (needed by job.moveToDelayed). */
  token?: string;
}

/** One job: its spec and processor factory (one folder a job under jobs/). */
export interface JobDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> extends JobSpec<S> {
  create(deps: Deps): (data: z.output<S>, ctx: JobContext) => Promise<unknown>;
}

/** Keeps the payload type of a definition while storing it in a list of definitions. */
export const defineJob = <S extends z.ZodTypeAny>(def: JobDefinition<S>): JobDefinition =>
  def as unknown as JobDefinition;
