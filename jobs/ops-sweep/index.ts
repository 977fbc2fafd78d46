import { defineJob } from '../../src/jobDefinition';
import { sweepLostOperations } from '../../src/ops/sweep';
import { OPS_SWEEP } from './schema';

export const opsSweepJob = defineJob({
  ...OPS_SWEEP,
  create: (deps) => async () => sweepLostOperations(deps),
});
