import { pageAlert } from '../../src/alerts/pager';
import { cancelAlertTimers } from '../../src/alerts/timers';
import { isResolved } from '../../src/domain/alert';
import { loadAlertForUser, recordAlertAction, tellUser } from './alertButton';
import type { ActionHandler } from './types';

/**
 * Resolve: closes the alert by hand (first close wins) — its operation buttons go, escalation and
 * auto-recover are cancelled, the pager incident is resolved. A later ALARM on the same instance opens
 * a new alert (a new incident), it does not reopen this one.
 */
export const alertResolve: ActionHandler = async (input, deps) => {
  const { alert, store } = await loadAlertForUser(input, deps, 'alert-resolve');
  if (isResolved(alert)) {
    await tellUser(deps, input, 'This alert is already resolved.');
    return;
  }
  const now = deps.now();
  const res = await store.close(alert.id, { by: input.userId, at: now.toISOString(), how: 'hand' });
  if (!res.ok) {
    await tellUser(deps, input, `Already resolved by <@${res.closed.by}>.`);
    return;
  }
  await cancelAlertTimers(deps, alert.id);
  await pageAlert(deps, { ...alert, closed: res.closed }, input.userId);
  await recordAlertAction(
    deps,
    input,
    alert,
    'resolve',
    `:heavy_check_mark: Resolved by <@${input.userId}>.`,
  );
};
