import type { z } from 'zod';
import type { QueueName } from './queues';

/**
 * A job's identity: its queue, its name and its payload schema. Producers (handlers, other jobs)
 * import this from the job folder's `schema.ts` and enqueue with `deps.queues.enqueue(spec, data)`,
 * typed by the schema; the processor lives beside it in `index.ts`.
 */
export interface JobSpec<S extends z.ZodTypeAny = z.ZodTypeAny> {
  queue: QueueName;
  name: string;
  schema: S;
}

export const jobSpec = <S extends z.ZodTypeAny>(spec: JobSpec<S>): JobSpec<S> => spec;
