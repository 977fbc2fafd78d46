import { opJob } from '../../src/ops/opJob';

/** `ops` job `start`: the step machine in src/ops/definitions.ts (DESIGN.md §5). */
export const startJob = opJob('start');
