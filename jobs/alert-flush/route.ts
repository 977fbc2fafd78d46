import type { AlertTarget } from '../../src/alerts/route';
import type { Deps } from '../../src/deps';
import { type Alert, startsNewIncident } from '../../src/domain/alert';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { InstanceLock } from '../../src/ops/lock';
import type { AlertStore } from '../../src/stores/alertStore';

/** Where each signal of a window goes. */
export interface Routed {
  /** Signals of entities no open incident knows: one new alert. */
  fresh: AlertSignal[];
  /** Signals of known entities, by the alert they change. */
  changes: Map<string, AlertSignal[]>;
  /** `running` after a stop: closes the loop on a status-check alert. */
  running: AlertSignal[];
  /** Stops the bot expected (an operation of ours holds the instance, or a Spot warning came first). */
  expected: number;
}

const add = (m: Map<string, AlertSignal[]>, id: string, s: AlertSignal) =>
  m.set(id, [...(m.get(id) ?? []), s]);

/** A stop while an operation of ours holds the instance lock is expected (stop/start, recover). */
async function heldByOperation(deps: Deps, alias: string, s: AlertSignal): Promise<boolean> {
  if (!s.instanceId) return false;
  const lock = new InstanceLock(deps.redis, deps.keyPrefix);
  return (await deps.redis.exists(lock.key(alias, s.region, s.instanceId))) === 1;
}

/**
 * A stop after a Spot interruption warning is what the warning said: it resolves the Spot alert
 * instead of raising an "unexpected stop". Returns the change for that alert, if there is one.
 */
async function spotStop(
  store: AlertStore,
  alias: string,
  s: AlertSignal,
): Promise<[string, AlertSignal] | undefined> {
  const id = s.instanceId ? await store.byInstance(alias, s.instanceId, 'spot') : null;
  const a = id ? await store.get(id) : undefined;
  const e = a?.entities.find((x) => x.instanceId === s.instanceId && x.state === 'open');
  if (!a || !e) return undefined;
  return [a.id, { ...s, entityKey: e.entityKey, state: 'resolved', kind: 'spot', type: a.type }];
}

/** Sorts a window's signals: new incident, change of a known one, loop closing, or expected. */
export async function routeSignals(deps: Deps, target: AlertTarget, signals: AlertSignal[]): Promise<Routed> {
  const store = deps.stores.alerts;
  const owners = await store.byEntities(signals.map((s) => s.entityKey));
  const alerts = new Map<string, Alert | undefined>();
  for (const id of new Set(owners.filter((o): o is string => !!o))) alerts.set(id, await store.get(id));
  const r: Routed = { fresh: [], changes: new Map(), running: [], expected: 0 };
  for (const [i, s] of signals.entries()) {
    if (s.type === 'instance-running') {
      r.running.push(s);
      continue;
    }
    if (s.type === 'unexpected-stop') {
      if (await heldByOperation(deps, target.alias, s)) {
        r.expected += 1;
        continue;
      }
      const spot = await spotStop(store, target.alias, s);
      if (spot) {
        add(r.changes, spot[0], spot[1]);
        r.expected += 1;
        continue;
      }
    }
    const owner = owners[i];
    const known = owner ? alerts.get(owner) : undefined;
    if (known && !startsNewIncident(known, s, deps.now())) add(r.changes, known.id, s);
    else r.fresh.push(s);
  }
  return r;
}
