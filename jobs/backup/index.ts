import { opJob } from '../../src/ops/opJob';

/** `ops` job `backup`: the step machine in src/ops/definitions.ts (DESIGN.md §5). */
export const backupJob = opJob('backup');
