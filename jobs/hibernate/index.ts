import { opJob } from '../../src/ops/opJob';

/** `ops` job `hibernate`: the step machine in src/ops/definitions.ts (DESIGN.md §5). */
export const hibernateJob = opJob('hibernate');
