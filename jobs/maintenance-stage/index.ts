import { defineJob } from '../../src/jobDefinition';
import { runStage } from '../../src/maintenance/run';
import { MAINTENANCE_STAGE } from './schema';

/** Re-plans a stage's items against AWS and starts them as one flow (children: the operations). */
export const maintenanceStageJob = defineJob({
  ...MAINTENANCE_STAGE,
  create: (deps) => async (data) => runStage(deps, data),
});
