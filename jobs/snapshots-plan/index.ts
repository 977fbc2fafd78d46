import { resolveAccounts } from '../../src/domain/accounts';
import { requireSnapshotPolicy } from '../../src/domain/snapshotPolicy';
import { SNAPSHOTS_PLAN } from '../../src/jobs/snapshotsPlan';
import { planRegions } from '../../src/ops/snapshots/gather';
import { defineJob } from '../../src/process/jobDefinition';
import { snapshotPlanView } from '../../src/views/snapshots';

/**
 * `/ec2 snapshots <account> plan`: the dry-run diff — the same create + retention plan the scheduled
 * run and `apply` execute — read from every policy region in parallel; a region that cannot be read
 * is shown as such and hides nothing else. Read-only: no AWS call here mutates.
 */
export const snapshotsPlanJob = defineJob({
  ...SNAPSHOTS_PLAN,
  create:
    (deps) =>
    async (data, { log }) => {
      const [account] = resolveAccounts(deps.config, data.account, { allowAll: false });
      const policy = requireSnapshotPolicy(account!);
      const now = deps.now();
      const plans = await planRegions(
        deps,
        account!,
        policy,
        policy.regions,
        now,
        { requester: data.requester },
        log,
      );
      if (data.responseUrl) {
        await deps.responder.respond(data.responseUrl, {
          ...snapshotPlanView(account!.alias, policy, plans, now),
          response_type: 'ephemeral',
        });
      }
      return {
        regions: plans.length,
        delete: plans.reduce((a, p) => a + (p.retention?.totals.delete ?? 0), 0),
        create: plans.reduce((a, p) => a + p.toCreate.length, 0),
      };
    },
});
