import { OPS_SWEEP } from '../../src/jobs/opsSweep';
import { sweepLostOperations } from '../../src/ops/sweep';
import { defineJob } from '../../src/process/jobDefinition';

export const opsSweepJob = defineJob({
  ...OPS_SWEEP,
  create: (deps) => async () => sweepLostOperations(deps),
});
