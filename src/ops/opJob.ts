import type { Operation } from '../config/schema';
import { defineJob, type JobDefinition } from '../jobDefinition';
import { QUEUE } from '../queues';
import { OPERATION_DEFS } from './definitions';
import { opJobSchema } from './jobSchema';
import { runOperation } from './stepMachine';

/** The `ops` job of one instance operation: payload OpJobPayload, processor = its step machine. */
export function opJob(op: Operation): JobDefinition {
  const def = OPERATION_DEFS[op];
  if (!def) throw new Error(`no operation definition for ${op}`);
  return defineJob({
    queue: QUEUE.ops,
    name: op,
    schema: opJobSchema,
    create: (deps) => runOperation(def, deps),
  });
}
