import { AlertOutbox } from '../../src/alerts/outbox';
import { pageAlert } from '../../src/alerts/pager';
import { cancelAlertTimers } from '../../src/alerts/timers';
import type { Deps } from '../../src/deps';
import { applySignal, isResolved, noteSeen } from '../../src/domain/alert';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { AUTO_RECOVERY_SUCCESS } from '../../src/domain/healthEvent';
import { changesView, noteView } from '../../src/views/alertThread';
import { code } from '../../src/views/text';
import { slackDate } from '../../src/views/time';

/**
 * Later signals of known alerts: the message is updated in place (states, "seen N×") and what changed
 * goes in its thread; an alert that resolved at the source resolves its pager incident too.
 */
export async function applyChanges(deps: Deps, byAlert: Map<string, AlertSignal[]>): Promise<number> {
  const store = deps.stores.alerts;
  const outbox = new AlertOutbox(deps);
  let updated = 0;
  for (const [id, signals] of byAlert) {
    const changed = await store.withLock(id, async () => {
      const a = await store.get(id);
      if (!a) return undefined;
      const wasResolved = isResolved(a);
      const sorted = [...signals].sort((x, y) => x.at.localeCompare(y.at));
      const applied = sorted.flatMap((s) => applySignal(a, s) ?? []);
      noteSeen(a, sorted);
      const nowResolved = isResolved(a);
      if (nowResolved && !wasResolved) a.resolvedAt = deps.now().toISOString();
      if (!nowResolved) a.resolvedAt = undefined;
      await store.save(a);
      return { a, applied, resolvedNow: nowResolved && !wasResolved };
    });
    if (!changed) continue;
    const { a, applied, resolvedNow } = changed;
    if (resolvedNow) {
      await cancelAlertTimers(deps, a.id);
      await pageAlert(deps, a);
    }
    if (a.held) continue;
    await outbox.refresh(store, a.channel, a.id, 'update');
    if (applied.length) await outbox.push(a.channel, { t: 'reply', alertId: a.id, ...changesView(applied) });
    updated += 1;
  }
  return updated;
}

const loopText = (s: AlertSignal): string =>
  s.type === AUTO_RECOVERY_SUCCESS
    ? `:information_source: AWS recovered ${code(s.entity)} itself (simplified automatic recovery, ${slackDate(s.at)}): it moved to healthy hardware and kept its public IP. This alert resolves when the alarm goes back to OK.`
    : `:arrows_counterclockwise: ${code(s.entity)} is *running* again (${slackDate(s.at)}). The status checks will confirm; this alert resolves when the alarm goes back to OK.`;

/**
 * `running` after a status-check alert (the recover or a manual start brought it back), or AWS's own
 * successful automatic recovery: said in that alert's thread.
 */
export async function closeLoops(deps: Deps, account: string, signals: AlertSignal[]): Promise<number> {
  const store = deps.stores.alerts;
  const outbox = new AlertOutbox(deps);
  let n = 0;
  for (const s of signals) {
    const id = s.instanceId ? await store.byInstance(account, s.instanceId) : null;
    const a = id ? await store.get(id) : undefined;
    if (!a || isResolved(a) || a.type === s.type) continue;
    await outbox.push(a.channel, { t: 'reply', alertId: a.id, ...noteView(loopText(s)) });
    n += 1;
  }
  return n;
}
