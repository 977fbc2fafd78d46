import { OP_SALVAGE } from '../../src/jobs/opSalvage';
import { salvage } from '../../src/ops/salvage';
import { defineJob } from '../../src/process/jobDefinition';

/** Ends one lost operation safely: resumed, rolled back, or reported with the command that finishes it. */
export const opSalvageJob = defineJob({
  ...OP_SALVAGE,
  create: (deps) => async (data) => salvage(deps, data),
});
