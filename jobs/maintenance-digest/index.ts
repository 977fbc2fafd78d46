import { MAINTENANCE_DIGEST } from '../../src/jobs/maintenanceDigest';
import { standingSummaries } from '../../src/maintenance/standingSummary';
import { latestPlans, plannedKeys, weekOf } from '../../src/planner/week';
import { defineJob } from '../../src/process/jobDefinition';
import { scanEvents } from '../../src/query/scanEvents';
import { maintenanceDigestView } from '../../src/views/maintenanceDigest';

/**
 * The weekly digest in the account's alert channel: its open scheduled events as AWS reports them now
 * (the events scan), what its latest maintenance plan does this week, and which events no wave covers.
 */
export const maintenanceDigestJob = defineJob({
  ...MAINTENANCE_DIGEST,
  create:
    (deps) =>
    async (data, { log }) => {
      const account = deps.config.accounts.get(data.account);
      const channel = data.channel ?? account?.alert_channel ?? deps.config.defaultAlertChannel;
      if (!account || !channel) {
        log.warn({ account: data.account }, 'maintenance digest: no such account or no channel — skipped');
        return { posted: false };
      }
      const now = deps.now();
      const scan = await scanEvents(deps, [account], undefined, { requester: 'maintenance-digest' });
      const record = (await latestPlans(deps.stores.plans, [account.alias])).get(account.alias);
      const planned = plannedKeys(record, account.alias);
      const [standing] = await standingSummaries(deps, [account.alias]);
      const message = maintenanceDigestView({
        account: account.alias,
        now,
        events: scan.rows.map((r) => r.event),
        week: record ? weekOf(record, account.alias, now) : undefined,
        planned,
        failures: scan.failures.length,
        ...(standing ? { standing } : {}),
      });
      // One post per scheduled run: a retry after the post would post again, so the post is the last step.
      await deps.notifier.post(channel, message);
      log.info({ account: account.alias, events: scan.rows.length }, 'maintenance digest posted');
      return { posted: true, events: scan.rows.length };
    },
});
