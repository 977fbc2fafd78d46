import { MAINTENANCE_PLAN } from '../../src/jobs/maintenancePlan';
import { proposePlan } from '../../src/maintenance/propose';
import { defineJob } from '../../src/process/jobDefinition';

/** Reads every open event of the accounts, plans them into the windows and posts the plan for approval. */
export const maintenancePlanJob = defineJob({
  ...MAINTENANCE_PLAN,
  create:
    (deps) =>
    async (data, { log }) => {
      const r = await proposePlan(deps, { ...data, requester: data.requester ?? 'unknown' }, log);
      return { planId: r.id, waves: r.plan.waves.length, unplanned: r.plan.unplanned.length };
    },
});
