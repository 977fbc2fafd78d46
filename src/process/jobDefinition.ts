import type { Job } from 'bullmq';
import type { z } from 'zod';
import type { Deps } from '../deps';
import type { JobSpec } from '../jobs/spec';
import type { Logger } from '../logger';

export interface JobContext {
  job: Job;
  log: Logger;
  /** The worker's lock token for this job (needed by job.moveToDelayed). */
  token?: string;
}

/** One job: its spec and processor factory (one folder a job under jobs/; its contract in src/jobs/). */
export interface JobDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> extends JobSpec<S> {
  create(deps: Deps): (data: z.output<S>, ctx: JobContext) => Promise<unknown>;
}

/** Keeps the payload type of a definition while storing it in a list of definitions. */
export const defineJob = <S extends z.ZodTypeAny>(def: JobDefinition<S>): JobDefinition =>
  def as unknown as JobDefinition;
