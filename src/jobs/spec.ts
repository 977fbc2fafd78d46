import type { z } from 'zod';
import type { QueueName } from './queues';

/**
 * A job's identity: its queue, its name and its payload schema — its contract. Contracts live here in
 * src/jobs/, one file a job, below every feature: producers (handlers, features, other jobs) import a
 * contract and enqueue with `deps.queues.enqueue(spec, data)`, typed by the schema; the processor lives
 * in the job's folder under jobs/.
 */
export interface JobSpec<S extends z.ZodTypeAny = z.ZodTypeAny> {
  queue: QueueName;
  name: string;
  schema: S;
}

export const jobSpec = <S extends z.ZodTypeAny>(spec: JobSpec<S>): JobSpec<S> => spec;
