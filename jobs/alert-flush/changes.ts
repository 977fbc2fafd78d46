import { AlertOutbox } from '../../src/alerts/outbox';
import { AlertStore } from '../../src/alerts/store';
import { cancelAlertTimers } from '../../src/alerts/timers';
import type { Deps } from '../../src/deps';
import { applySignal, isResolved } from '../../src/domain/alert';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { changesView, noteView } from '../../src/views/alertThread';
import { code, esc } from '../../src/views/text';

/** Later signals of known alerts: one update of the message and one thread reply per alert. */
export async function applyChanges(deps: Deps, byAlert: Map<string, AlertSignal[]>): Promise<number> {
  const store = new AlertStore(deps.redis, deps.keyPrefix);
  const outbox = new AlertOutbox(deps);
  let updated = 0;
  for (const [id, signals] of byAlert) {
    const changed = await store.withLock(id, async () => {
      const a = await store.get(id);
      if (!a) return undefined;
      const sorted = [...signals].sort((x, y) => x.at.localeCompare(y.at));
      const applied = sorted.flatMap((s) => applySignal(a, s) ?? []);
      if (applied.length) await store.save(a);
      return applied.length ? { a, applied } : undefined;
    });
    if (!changed) continue;
    const { a, applied } = changed;
    if (isResolved(a)) await cancelAlertTimers(deps, a.id);
    await outbox.push(
      a.channel,
      { t: 'update', alertId: a.id },
      { t: 'reply', alertId: a.id, ...changesView(applied) },
    );
    updated += 1;
  }
  return updated;
}

/** `running` after a status-check alert: the recover (or a manual start) brought it back. */
export async function closeLoops(deps: Deps, account: string, running: AlertSignal[]): Promise<number> {
  const store = new AlertStore(deps.redis, deps.keyPrefix);
  const outbox = new AlertOutbox(deps);
  let n = 0;
  for (const s of running) {
    const id = s.instanceId ? await store.byInstance(account, s.instanceId) : null;
    const a = id ? await store.get(id) : undefined;
    if (!a || isResolved(a)) continue;
    const text = `:arrows_counterclockwise: ${code(s.entity)} is *running* again (${esc(s.at.slice(0, 19).replace('T', ' '))} UTC). The status checks will confirm; this alert resolves when the alarm goes back to OK.`;
    await outbox.push(a.channel, { t: 'reply', alertId: a.id, ...noteView(text) });
    n += 1;
  }
  return n;
}
