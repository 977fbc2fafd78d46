import { opJob } from '../../src/ops/opJob';

/** `ops` job `stop`: the step machine in src/ops/definitions.ts (DESIGN.md §5). */
export const stopJob = opJob('stop');
