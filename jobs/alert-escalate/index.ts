import { AlertOutbox } from '../../src/alerts/outbox';
import { isResolved } from '../../src/domain/alert';
import { ALERT_ESCALATE } from '../../src/jobs/alertEscalate';
import { defineJob } from '../../src/process/jobDefinition';
import { escalationView } from '../../src/views/alertThread';

/**
 * An urgent alert nobody acknowledged within `escalation.after_minutes`: re-posted in its thread
 * mentioning the escalation group (and on-call). Acknowledge removes this job; if it already started,
 * the check here still finds the acknowledgement and does nothing.
 */
export const alertEscalateJob = defineJob({
  ...ALERT_ESCALATE,
  create: (deps) => {
    const store = deps.stores.alerts;
    return async (data, { log }) => {
      const a = await store.get(data.alertId);
      if (!a) return { outcome: 'gone' };
      const marks = await store.marks(a.id);
      const account = deps.config.accounts.get(a.account);
      if (marks.ack || isResolved(a) || !account?.escalation) return { outcome: 'not-needed' };
      if (marks.snooze && Date.parse(marks.snooze.until) > deps.now().getTime())
        return { outcome: 'snoozed' };
      await store.withLock(a.id, async () => {
        const cur = await store.get(a.id);
        if (cur) await store.save({ ...cur, escalated: true });
      });
      const view = escalationView(
        account.escalation.after_minutes,
        account.escalation.mention,
        account.oncall,
      );
      await new AlertOutbox(deps).push(
        a.channel,
        { t: 'reply', alertId: a.id, ...view },
        { t: 'update', alertId: a.id },
      );
      await deps.audit.record({
        kind: 'alert',
        actor: 'ec2-ops-bot',
        action: 'escalate',
        account: a.account,
        result: 'posted',
        correlationId: a.id,
      });
      log.info({ alertId: a.id }, 'alert escalated');
      return { outcome: 'escalated' };
    };
  },
});
