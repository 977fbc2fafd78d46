import type { AlertBuckets } from '../../src/alerts/buckets';
import { countAlert } from '../../src/alerts/counters';
import { lookupFacts } from '../../src/alerts/instanceFacts';
import { MuteLog } from '../../src/alerts/mutes';
import { AlertOutbox } from '../../src/alerts/outbox';
import type { AlertTarget } from '../../src/alerts/route';
import type { AlertTuning } from '../../src/config/alertTuning';
import type { Deps } from '../../src/deps';
import { type Alert, type AlertEntity, isResolved, noteSeen } from '../../src/domain/alert';
import { type Destination, needsTags, splitByDestination } from '../../src/domain/alertRules';
import type { AlertSignal } from '../../src/domain/alertSignal';
import type { Logger } from '../../src/logger';
import { AlertStore } from '../../src/stores/alertStore';
import { consoleContext, MAX_CONSOLES } from './consoleContext';
import { indexAlert, makeButtons, openAlert } from './newAlert';

/** What placing a window's new entities did. */
export interface Placed {
  /** New messages (posted, or held for the quiet-hours digest). */
  opened: number;
  /** Living messages of the window that new instances joined. */
  joined: number;
  /** Instances held by a mute rule. */
  muted: number;
  /** Instances with nowhere to go (no team matched, no account channel). */
  dropped: number;
}

/**
 * Adds a destination's new entities to the living alert of its window, if it is still open. Returns
 * false when there is none to join (gone, resolved, closed): the caller opens a new one.
 */
async function join(
  deps: Deps,
  t: AlertTarget,
  id: string,
  draft: Alert,
  dest: Destination,
  deliveries: AlertSignal[],
  tuning: AlertTuning,
): Promise<boolean> {
  const store = deps.stores.alerts;
  const joined = await store.withLock(id, async () => {
    const a = await store.get(id);
    if (!a || isResolved(a) || (await store.postDropped(id))) return undefined;
    const known = new Set(a.entities.map((e) => e.entityKey));
    const added = dest.entities.filter((e) => !known.has(e.entityKey));
    const start = a.entities.length;
    a.entities.push(...added);
    a.urgent ||= draft.urgent;
    noteSeen(a, deliveries);
    if (t.account) await makeButtons(deps, a, a.entities.slice(start, tuning.buttonInstances));
    await store.save(a);
    return { a, added };
  });
  if (!joined) return false;
  const { a, added } = joined;
  await indexAlert(store, a, added);
  if (a.held) return true; // the quiet-hours digest renders it as it is then
  // Queued behind the alert's post in the channel's lane (FIFO): even when the post is being rendered
  // right now, without these instances, this update follows it.
  const outbox = new AlertOutbox(deps);
  await outbox.refresh(store, a.channel, a.id, 'update');
  if (a.entities.length > tuning.headInstances) await outbox.refresh(store, a.channel, a.id, 'list');
  // An instance status check failure's console tail, for the instances that joined as for the first ones
  // (the first few of the alert only: those already given theirs count).
  const room = Math.max(0, MAX_CONSOLES - (a.entities.length - added.length));
  if (room)
    await outbox.push(
      a.channel,
      ...(await consoleContext(deps, { ...a, entities: added.slice(0, room) }, t, deps.log)),
    );
  return true;
}

/** The instances whose facts the window needs: all of them when tags decide routing or mutes. */
function toLookUp(t: AlertTarget, draft: Alert, tuning: AlertTuning): AlertEntity[] {
  if (t.account && needsTags(t.account)) return draft.entities;
  return draft.entities.slice(0, tuning.headInstances);
}

/**
 * Route, mute, then group: a window's new entities are looked up (Name, type, IP, tags), each goes to
 * its team's channel or the account's, a muted instance is held on its own (counted, listed by `/ec2
 * mutes`); each destination's entities join the living alert of the window there, or open a new one
 * that lives for the aggregation window. `signals` are the window's new deliveries (each message counts
 * its own: "alarm 2×").
 */
export async function placeAlert(
  deps: Deps,
  buckets: AlertBuckets,
  t: AlertTarget,
  draft: Alert,
  signals: AlertSignal[],
  tuning: AlertTuning,
  log: Logger,
): Promise<Placed> {
  const placed: Placed = { opened: 0, joined: 0, muted: 0, dropped: 0 };
  if (t.account) await lookupFacts(deps, t.account, toLookUp(t, draft, tuning), log);
  const { groups, muted } = splitByDestination(t.account, draft, t.channel);
  const mutes = new MuteLog(deps);
  for (const m of muted) await mutes.record({ ...draft, entities: [m.entity] }, m.rule, deps.now());
  placed.muted = muted.length;
  if (muted.length)
    log.info({ type: draft.type, account: draft.account, instances: muted.length }, 'held by a mute rule');
  for (const dest of groups) {
    if (!dest.channel) {
      placed.dropped += dest.entities.length;
      await countAlert(deps, 'ignored:no-channel');
      log.warn({ type: draft.type, account: draft.account }, 'no channel for this alert (no team matched)');
      continue;
    }
    const keys = new Set(dest.entities.map((e) => e.entityKey));
    const deliveries = signals.filter((s) => keys.has(s.entityKey));
    const living = await buckets.living(draft.accountId, draft.type, dest.channel);
    if (living && (await join(deps, t, living, draft, dest, deliveries, tuning))) {
      placed.joined += 1;
      continue;
    }
    const a: Alert = {
      ...draft,
      id: AlertStore.newId(),
      channel: dest.channel,
      entities: dest.entities,
      ...(dest.team ? { team: { name: dest.team.name, oncall: dest.team.oncall } } : {}),
      seen: 0,
      repeats: {},
      lastSeenAt: undefined,
    };
    noteSeen(a, deliveries);
    await openAlert(deps, a, t, tuning, log);
    await buckets.setLiving(draft.accountId, draft.type, dest.channel, a.id, tuning.windowMs);
    placed.opened += 1;
  }
  return placed;
}
