import { AlertOutbox } from '../../src/alerts/outbox';
import { ALERT_DIGEST } from '../../src/jobs/alertDigest';
import { defineJob } from '../../src/process/jobDefinition';

/** At the end of an account's quiet hours: one message listing the non-urgent alerts held overnight. */
export const alertDigestJob = defineJob({
  ...ALERT_DIGEST,
  create: (deps) => {
    const store = deps.stores.alerts;
    return async (data, { log }) => {
      const channel =
        deps.config.accounts.get(data.account)?.alert_channel ?? deps.config.defaultAlertChannel;
      const ids = await store.takeHeld(data.account);
      if (!channel || ids.length === 0) return { held: ids.length };
      await new AlertOutbox(deps).push(channel, { t: 'digest', account: data.account, alertIds: ids });
      log.info({ account: data.account, alerts: ids.length }, 'quiet-hours digest queued');
      return { held: ids.length };
    };
  },
});
