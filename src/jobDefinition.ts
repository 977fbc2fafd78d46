import type { Job } from 'bullmq';
import { z } from 'zod';
import type { Deps } from './deps';
import type { Logger } from './logger';
import type { QueueName } from './queues';

/** Fields every job payload carries: who asked, where to answer, the id users see in errors. */
export const basePayload = z.object({
  correlationId: z.string().min(1).max(64),
  requester: z.string().max(32).optional(),
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

/** One job: its queue, name, payload schema and processor factory (one folder a job under jobs/). */
export interface JobDefinition<P extends BasePayload = BasePayload> {
  queue: QueueName;
  name: string;
  schema: z.ZodType<P, unknown>;
  create(deps: Deps): (data: P, ctx: JobContext) => Promise<unknown>;
}

/** Keeps the payload type of a definition while storing it in a list of definitions. */
export const defineJob = <P extends BasePayload>(def: JobDefinition<P>): JobDefinition<BasePayload> =>
  def as unknown as JobDefinition<BasePayload>;
