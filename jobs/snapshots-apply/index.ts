import { resolveAccounts } from '../../src/domain/accounts';
import { requireSnapshotPolicy, runRegions } from '../../src/domain/snapshotPolicy';
import { defineJob } from '../../src/jobDefinition';
import { QUEUE } from '../../src/queues';
import { alertOnFinalFailure } from './alert';
import { runRetention } from './run';
import { snapshotsApplyPayload } from './schema';

/**
 * `ops` job `snapshots-apply`: the approved `/ec2 snapshots <account> apply` — create, plan, delete;
 * progress and the summary in the thread of the approval message (or of its own message).
 */
export const snapshotsApplyJob = defineJob({
  queue: QUEUE.ops,
  name: 'snapshots-apply',
  schema: snapshotsApplyPayload,
  create:
    (deps) =>
    async (data, { job, log }) => {
      const where = {
        account: data.account,
        channel: data.channel,
        threadTs: data.messageTs,
        correlationId: data.correlationId,
      };
      return alertOnFinalFailure(deps, job, log, where, async () => {
        const [account] = resolveAccounts(deps.config, data.account, { allowAll: false });
        const policy = requireSnapshotPolicy(account!);
        return runRetention({
          deps,
          job,
          log,
          account: account!,
          policy,
          regions: runRegions(policy, data.regions ?? data.params?.regions),
          actor: { requester: data.requester, approver: data.approver },
          kind: 'apply',
          channel: data.channel ?? account!.alert_channel ?? deps.config.defaultAlertChannel,
          threadTs: data.messageTs,
          correlationId: data.correlationId,
          runId: String(job.id),
        });
      });
    },
});
