import { AlertOutbox } from '../../src/alerts/outbox';
import {
  AUTORECOVER_JOB,
  cancelAlertTimers,
  ESCALATE_JOB,
  scheduleAlertTimer,
} from '../../src/alerts/timers';
import { noteView } from '../../src/views/alertThread';
import { loadAlertForUser, tellUser } from './alertButton';
import type { ActionHandler } from './types';

const SNOOZE_MS = 3600_000;

/** Snooze 1h: escalation and auto-recover wait an hour; then they run if it is still unacknowledged. */
export const alertSnooze: ActionHandler = async (input, deps) => {
  const { alert, account, store } = await loadAlertForUser(input, deps, 'alert-snooze');
  const marks = await store.marks(alert.id);
  if (marks.ack) {
    await tellUser(deps, input, `Already acknowledged by <@${marks.ack.by}>: nothing to snooze.`);
    return;
  }
  const until = new Date(deps.now().getTime() + SNOOZE_MS);
  await store.snooze(alert.id, input.userId, until);
  await cancelAlertTimers(deps, alert.id);
  if (alert.urgent && account.escalation) await scheduleAlertTimer(deps, ESCALATE_JOB, alert.id, SNOOZE_MS);
  if (alert.type === 'StatusCheckFailed_System' && account.auto_recover?.enabled) {
    await scheduleAlertTimer(deps, AUTORECOVER_JOB, alert.id, SNOOZE_MS);
  }
  await deps.audit.record({
    kind: 'alert',
    actor: input.userId,
    action: 'snooze',
    account: alert.account,
    result: 'ok',
    correlationId: input.correlationId,
    detail: { alertId: alert.id, until: until.toISOString() },
  });
  await new AlertOutbox(deps).push(
    alert.channel,
    { t: 'update', alertId: alert.id },
    {
      t: 'reply',
      alertId: alert.id,
      ...noteView(`:zzz: Snoozed by <@${input.userId}> until ${until.toISOString().slice(11, 16)} UTC.`),
    },
  );
};
