import { MAINTENANCE_SWEEP } from '../../src/jobs/maintenanceSweep';
import { sweepAccount } from '../../src/maintenance/standing';
import { defineJob } from '../../src/process/jobDefinition';

/**
 * Sweeps one account: open events in no active plan are planned; policy moves applied; the rest proposed.
 * A sweep triggered by an AWS delivery that finds another sweep of the account running retries shortly
 * (that one may have read AWS before the event existed); a scheduled one just yields.
 */
export const maintenanceSweepJob = defineJob({
  ...MAINTENANCE_SWEEP,
  create:
    (deps) =>
    async (data, { log }) => {
      const r = await sweepAccount(deps, data.account, log);
      if (r.skipped === 'busy' && data.trigger === 'event')
        throw new Error(`a sweep of ${data.account} is running; this one retries`);
      return r;
    },
});
