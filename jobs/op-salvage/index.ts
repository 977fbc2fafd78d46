import { defineJob } from '../../src/jobDefinition';
import { salvage } from '../../src/ops/salvage';
import { OP_SALVAGE } from './schema';

/** Ends one lost operation safely: resumed, rolled back, or reported with the command that finishes it. */
export const opSalvageJob = defineJob({
  ...OP_SALVAGE,
  create: (deps) => async (data) => salvage(deps, data),
});
