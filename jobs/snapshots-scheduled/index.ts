import { SNAPSHOTS_SCHEDULED } from '../../src/jobs/snapshotsScheduled';
import { runOperation } from '../../src/ops/machine';
import { SPECS } from '../../src/ops/operations';
import { defineJob } from '../../src/process/jobDefinition';

/**
 * A scheduled retention run: the account's policy, no approval (the policy in the config is the
 * consent), run by the one step machine in this job; its messages go to the account's alert channel.
 */
export const snapshotsScheduledJob = defineJob({
  ...SNAPSHOTS_SCHEDULED,
  create: (deps) => {
    const run = runOperation(SPECS.snapshots, deps);
    return async (data, ctx) => {
      const account = deps.config.accounts.get(data.account);
      // One ref per run: the scheduler's template carries a fixed id, the job id is per run.
      const suffix = String(ctx.job.id).split(':').pop();
      return run(
        {
          ...data,
          correlationId: `${data.correlationId}-${suffix}`.slice(0, 64),
          channel: data.channel ?? account?.alert_channel ?? deps.config.defaultAlertChannel,
          title: data.title ?? `Snapshot retention for ${data.account} (scheduled)`,
        },
        ctx,
      );
    };
  },
});
