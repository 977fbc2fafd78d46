import { opJob } from '../../src/ops/opJob';

/** `ops` job `recover`: the step machine in src/ops/definitions.ts (DESIGN.md §5). */
export const recoverJob = opJob('recover');
