import { opJob } from '../../src/ops/opJob';

/** `ops` job `reschedule`: the step machine in src/ops/definitions.ts (DESIGN.md §5). */
export const rescheduleJob = opJob('reschedule');
