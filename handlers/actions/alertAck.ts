import { pageAlert } from '../../src/alerts/pager';
import { cancelAlertTimers } from '../../src/alerts/timers';
import { slackDate } from '../../src/views/time';
import { loadAlertForUser, recordAlertAction, refuseIfResolved, tellUser } from './alertButton';
import type { ActionHandler } from './types';

/**
 * Acknowledge: records who and when (first press wins), cancels escalation and auto-recover, and
 * acknowledges the pager incident (PagerDuty, the alert webhook) if one was opened.
 */
export const alertAck: ActionHandler = async (input, deps) => {
  const { alert, store } = await loadAlertForUser(input, deps, 'alert-ack');
  if (await refuseIfResolved(deps, input, alert)) return;
  const now = deps.now();
  const res = await store.acknowledge(alert.id, input.userId, now);
  if (!res.ok) {
    await tellUser(deps, input, `Already acknowledged by <@${res.ack.by}> at ${slackDate(res.ack.at)}.`);
    return;
  }
  await cancelAlertTimers(deps, alert.id);
  await pageAlert(deps, alert, input.userId);
  await recordAlertAction(
    deps,
    input,
    alert,
    'acknowledge',
    `:eyes: Acknowledged by <@${input.userId}> at ${slackDate(now)} — escalation cancelled.`,
  );
};
