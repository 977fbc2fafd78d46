import { AlertOutbox } from '../../src/alerts/outbox';
import { pageAlert } from '../../src/alerts/pager';
import { cancelAlertTimers } from '../../src/alerts/timers';
import { noteView } from '../../src/views/alertThread';
import { loadAlertForUser, tellUser } from './alertButton';
import type { ActionHandler } from './types';

/**
 * Acknowledge: records who and when (first press wins), cancels escalation and auto-recover, and
 * acknowledges the pager incident (PagerDuty, the alert webhook) if one was opened.
 */
export const alertAck: ActionHandler = async (input, deps) => {
  const { alert, store } = await loadAlertForUser(input, deps, 'alert-ack');
  const now = deps.now();
  const res = await store.acknowledge(alert.id, input.userId, now);
  if (!res.ok) {
    await tellUser(
      deps,
      input,
      `Already acknowledged by <@${res.ack.by}> at ${res.ack.at.slice(11, 16)} UTC.`,
    );
    return;
  }
  await cancelAlertTimers(deps, alert.id);
  await pageAlert(deps, alert, input.userId);
  await deps.audit.record({
    kind: 'alert',
    actor: input.userId,
    action: 'acknowledge',
    account: alert.account,
    result: 'ok',
    correlationId: input.correlationId,
    detail: { alertId: alert.id },
  });
  await new AlertOutbox(deps).push(
    alert.channel,
    { t: 'update', alertId: alert.id },
    {
      t: 'reply',
      alertId: alert.id,
      ...noteView(
        `:eyes: Acknowledged by <@${input.userId}> at ${now.toISOString().slice(11, 16)} UTC — escalation cancelled.`,
      ),
    },
  );
};
