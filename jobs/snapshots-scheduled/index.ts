import { resolveAccounts } from '../../src/domain/accounts';
import { requireSnapshotPolicy } from '../../src/domain/snapshotPolicy';
import { defineJob } from '../../src/jobDefinition';
import { QUEUE } from '../../src/queues';
import { alertOnFinalFailure } from '../snapshots-apply/alert';
import { runRetention } from '../snapshots-apply/run';
import { snapshotsScheduledPayload } from './schema';

export const SCHEDULED_JOB = 'snapshots-scheduled';
/** Requester on scheduled runs: the role session name says `ec2bot-scheduler` in CloudTrail. */
export const SCHEDULER_ACTOR = 'scheduler';

/**
 * A scheduled retention run: the account's policy, no approval (the policy in the config is the
 * consent); the summary goes to the account's alert channel, and a run that fails alerts it.
 */
export const snapshotsScheduledJob = defineJob({
  queue: QUEUE.schedules,
  name: SCHEDULED_JOB,
  schema: snapshotsScheduledPayload,
  create:
    (deps) =>
    async (data, { job, log }) => {
      const account = deps.config.accounts.get(data.account);
      const channel = account?.alert_channel ?? deps.config.defaultAlertChannel;
      // One ref per run: the scheduler's template carries a fixed id, the job id is per run.
      const correlationId = `${data.correlationId}-${String(job.id).split(':').pop()}`.slice(0, 64);
      const where = { account: data.account, channel, correlationId };
      return alertOnFinalFailure(deps, job, log, where, async () => {
        const [acc] = resolveAccounts(deps.config, data.account, { allowAll: false });
        const policy = requireSnapshotPolicy(acc!);
        return runRetention({
          deps,
          job,
          log,
          account: acc!,
          policy,
          regions: policy.regions,
          actor: { requester: SCHEDULER_ACTOR },
          kind: 'scheduled',
          channel,
          correlationId,
          runId: String(job.id),
        });
      });
    },
});
