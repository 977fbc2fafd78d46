import { AUTO_RECOVER_TYPES, cancelAlertTimers, scheduleAlertTimer } from '../../src/alerts/timers';
import { nextMorning } from '../../src/domain/quietHours';
import { ALERT_AUTORECOVER } from '../../src/jobs/alertAutorecover';
import { ALERT_ESCALATE } from '../../src/jobs/alertEscalate';
import { slackDate } from '../../src/views/time';
import { loadAlertForUser, recordAlertAction, refuseIfResolved, tellUser } from './alertButton';
import type { ActionHandler } from './types';

const HOUR = 3600_000;

/** `ec2.alert.snooze#1h|4h|morning` (the suffix is checked: anything else is 1 h). */
async function snoozeUntil(
  input: Parameters<ActionHandler>[0],
  deps: Parameters<ActionHandler>[1],
  quiet: Parameters<typeof nextMorning>[1],
  now: Date,
): Promise<Date> {
  const choice = input.actionId.split('#')[1];
  if (choice === '4h') return new Date(now.getTime() + 4 * HOUR);
  if (choice !== 'morning') return new Date(now.getTime() + HOUR);
  const tz = quiet ? undefined : await deps.notifier.userTimeZone?.(input.userId).catch(() => undefined);
  return nextMorning(now, quiet, tz ?? 'UTC');
}

/**
 * Snooze 1h / 4h / until morning: escalation and auto-recover wait until then, and run then if it is
 * still unacknowledged. Morning is the end of the account's quiet hours, else 08:00 in the user's
 * Slack time zone (UTC when Slack does not say).
 */
export const alertSnooze: ActionHandler = async (input, deps) => {
  const { alert, account, store } = await loadAlertForUser(input, deps, 'alert-snooze');
  if (await refuseIfResolved(deps, input, alert)) return;
  const marks = await store.marks(alert.id);
  if (marks.ack) {
    await tellUser(deps, input, `Already acknowledged by <@${marks.ack.by}>: nothing to snooze.`);
    return;
  }
  const now = deps.now();
  const until = await snoozeUntil(input, deps, account.quiet_hours, now);
  const delay = Math.max(0, until.getTime() - now.getTime());
  await store.snooze(alert.id, input.userId, until);
  await cancelAlertTimers(deps, alert.id);
  if (alert.urgent && account.escalation) await scheduleAlertTimer(deps, ALERT_ESCALATE, alert.id, delay);
  if (AUTO_RECOVER_TYPES.has(alert.type) && account.auto_recover?.enabled) {
    await scheduleAlertTimer(deps, ALERT_AUTORECOVER, alert.id, delay);
  }
  await recordAlertAction(
    deps,
    input,
    alert,
    'snooze',
    `:zzz: Snoozed by <@${input.userId}> until ${slackDate(until)}.`,
    { until: until.toISOString() },
  );
};
