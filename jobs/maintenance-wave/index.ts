import { MAINTENANCE_WAVE } from '../../src/jobs/maintenanceStage';
import { finishStage } from '../../src/maintenance/run';
import { defineJob } from '../../src/process/jobDefinition';

/** A stage's operations all ended: record each result; on a failure stop the plan, else start the next. */
export const maintenanceWaveJob = defineJob({
  ...MAINTENANCE_WAVE,
  create:
    (deps) =>
    async (data, { job }) =>
      finishStage(deps, data, await job.getIgnoredChildrenFailures()),
});
