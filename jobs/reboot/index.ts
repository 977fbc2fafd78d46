import { opJob } from '../../src/ops/opJob';

/** `ops` job `reboot`: the step machine in src/ops/definitions.ts (DESIGN.md §5). */
export const rebootJob = opJob('reboot');
