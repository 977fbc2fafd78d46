import { MAINTENANCE_STAGE } from '../../src/jobs/maintenanceStage';
import { runStage } from '../../src/maintenance/run';
import { defineJob } from '../../src/process/jobDefinition';

/** Re-plans a stage's items against AWS and starts them as one flow (children: the operations). */
export const maintenanceStageJob = defineJob({
  ...MAINTENANCE_STAGE,
  create: (deps) => async (data) => runStage(deps, data),
});
