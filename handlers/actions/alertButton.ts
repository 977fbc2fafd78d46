import { AlertOutbox } from '../../src/alerts/outbox';
import type { Account } from '../../src/config/types';
import type { WebDeps } from '../../src/deps';
import { type Alert, isResolved } from '../../src/domain/alert';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { mayActOnAlerts } from '../../src/ops/alertAccess';
import type { AlertStore } from '../../src/stores/alertStore';
import { noteView } from '../../src/views/alertThread';
import type { ActionInput } from './types';

const VERBS: Record<string, string> = {
  'alert-ack': 'acknowledge',
  'alert-snooze': 'snooze',
  'alert-resolve': 'resolve',
};

/**
 * Acknowledge / Snooze / Resolve: the value is an alert id only (untrusted). Loads the alert and checks that the
 * user may act on that account's alerts; refusals are audited and answered as safe errors.
 */
export async function loadAlertForUser(
  input: ActionInput,
  deps: WebDeps,
  action: string,
): Promise<{ alert: Alert; account: Account; store: AlertStore }> {
  const store = deps.stores.alerts;
  const alert = await store.get(input.value);
  if (!alert)
    throw new AppError(ErrorCode.Expired, 'This alert is no longer known to the bot (it may have expired).');
  const account = deps.config.accounts.get(alert.account);
  const allowed = account ? await mayActOnAlerts(deps, account, input.userId) : false;
  if (!account || !allowed) {
    await deps.audit.record({
      kind: 'refused',
      actor: input.userId,
      action,
      account: alert.account,
      result: 'forbidden',
      correlationId: input.correlationId,
    });
    throw new AppError(
      ErrorCode.Forbidden,
      `Only operators, on-call and approvers of ${alert.account} can ${VERBS[action] ?? 'act on'} its alerts.`,
    );
  }
  return { alert, account, store };
}

/**
 * A button of an alert that is over (resolved at the source, by hand or by an operation): nothing to
 * acknowledge or snooze, and no pager to touch. Says so and returns true.
 */
export async function refuseIfResolved(deps: WebDeps, input: ActionInput, alert: Alert): Promise<boolean> {
  if (!isResolved(alert)) return false;
  const by = alert.closed && /^[UW][A-Z0-9]+$/.test(alert.closed.by) ? ` by <@${alert.closed.by}>` : '';
  await tellUser(deps, input, `This alert is already resolved${by}: nothing to acknowledge or snooze.`);
  return true;
}

export async function tellUser(deps: WebDeps, input: ActionInput, text: string): Promise<void> {
  if (!input.responseUrl) return;
  await deps.responder.respond(input.responseUrl, {
    text,
    response_type: 'ephemeral',
    replace_original: false,
  });
}

/**
 * What every alert button does once its change is stored: audit it, then update the alert message in
 * place and say who did what in its thread (through the channel's outbox, in order).
 */
export async function recordAlertAction(
  deps: WebDeps,
  input: ActionInput,
  alert: Alert,
  action: string,
  note: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await deps.audit.record({
    kind: 'alert',
    actor: input.userId,
    action,
    account: alert.account,
    result: 'ok',
    correlationId: input.correlationId,
    detail: { alertId: alert.id, ...detail },
  });
  await new AlertOutbox(deps).push(
    alert.channel,
    { t: 'update', alertId: alert.id },
    { t: 'reply', alertId: alert.id, ...noteView(note) },
  );
}
