import { opJobSchema } from '../jobs/opJob';
import { QUEUE } from '../jobs/queues';
import { defineJob, type JobDefinition } from '../process/jobDefinition';
import { runOperation } from './machine';
import { SPECS } from './operations';
import type { AnyOperationSpec } from './spec';

/** The `ops` job of one operation: job name = the operation, payload = OpJobPayload, processor = the step machine. */
export const operationJob = (spec: AnyOperationSpec): JobDefinition =>
  defineJob({
    queue: QUEUE.ops,
    name: spec.name,
    schema: opJobSchema,
    create: (deps) => runOperation(spec, deps),
  });

/** One job per operation, derived from the specs. */
export const OPERATION_JOBS: JobDefinition[] = Object.values(SPECS).map(operationJob);
