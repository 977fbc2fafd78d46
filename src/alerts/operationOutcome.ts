import type { Deps } from '../deps';
import { type Alert, type AlertOutcome, isResolved } from '../domain/alert';
import { outcomeLine } from '../views/alertText';
import { noteView } from '../views/alertThread';
import { AlertOutbox } from './outbox';
import { pageAlert } from './pager';
import { cancelAlertTimers } from './timers';

export type OutcomeDeps = Pick<Deps, 'redis' | 'keyPrefix' | 'stores' | 'queues' | 'config' | 'log' | 'now'>;

/** What an operation started from an alert reports when it ends (the operations feature calls this). */
export interface OperationOutcomeNote {
  /** The operation: recover, start, reboot, backup, … */
  op: string;
  outcome: 'done' | 'failed';
  /** The requester (a Slack user id, or `ec2-ops-bot` for auto-recover). */
  by: string;
  approver?: string;
  /** When it ended. */
  at: Date;
  /** One line, unescaped: "checks OK", or the safe failure text. */
  summary: string;
  publicIp?: { before?: string; after?: string };
  /** The instance it ran on: its line on the alert takes the state and public IP the operation left. */
  instanceId?: string;
}

/** The state an operation that worked leaves its instance in (undefined: it does not change it). */
const STATE_AFTER: Record<string, string> = {
  recover: 'running',
  start: 'running',
  reboot: 'running',
  stop: 'stopped',
  'force-stop': 'stopped',
  hibernate: 'stopped',
};

/** The alert's line for the instance says what the operation left: its state and its public IP now. Pure. */
export function refreshFacts(a: Alert, note: Omit<OperationOutcomeNote, 'at'>): Alert {
  if (note.outcome !== 'done' || !note.instanceId) return a;
  const state = STATE_AFTER[note.op];
  const entities = a.entities.map((e) => {
    if (e.instanceId !== note.instanceId || !e.facts) return e;
    const facts = { ...e.facts, ...(state ? { state } : {}) };
    if (note.publicIp) facts.publicIp = note.publicIp.after;
    return { ...e, facts };
  });
  return { ...a, entities };
}

/**
 * The alert side of an operation's end (issue 14 point 8): the alert message itself says what
 * happened ("Recovered by @carol at 03:12 — checks OK, public IP a → b"); on success its operation
 * buttons go and the alert resolves (closed by the operation: escalation and auto-recover cancelled,
 * the pager incident resolved). A failure is shown and leaves the alert open with its buttons.
 * Unknown or expired alert ids are ignored (returns false). Safe to call twice: the second call only
 * refreshes the line.
 */
export async function noteOperationOutcome(
  deps: OutcomeDeps,
  alertId: string,
  note: OperationOutcomeNote,
): Promise<boolean> {
  const store = deps.stores.alerts;
  const { instanceId: _i, ...rest } = note;
  const outcome: AlertOutcome = { ...rest, at: note.at.toISOString() };
  const a = await store.withLock(alertId, async () => {
    const cur = await store.get(alertId);
    if (!cur) return undefined;
    const next = { ...refreshFacts(cur, note), outcome };
    await store.save(next);
    return next;
  });
  if (!a) {
    deps.log.info({ alertId, op: note.op }, 'operation outcome for an alert the bot no longer knows');
    return false;
  }
  let closedNow = false;
  if (note.outcome === 'done' && !isResolved(a)) {
    const res = await store.close(a.id, { by: note.by, at: outcome.at, how: 'operation' });
    closedNow = res.ok;
    if (res.ok) a.closed = res.closed;
  }
  if (closedNow) {
    await cancelAlertTimers(deps, a.id);
    await pageAlert(deps, a, note.by);
  }
  await new AlertOutbox(deps).push(
    a.channel,
    { t: 'update', alertId: a.id },
    { t: 'reply', alertId: a.id, ...noteView(outcomeLine(outcome)) },
  );
  return true;
}

/**
 * Whether the alert is still open — not resolved at the source, not closed by hand or by an
 * operation. The one-tap policy asks this: a Recover button on a resolved alert (its reference lives
 * for days) must ask for approval like any request. An unknown or expired alert is not open.
 */
export async function alertIsOpen(deps: Pick<Deps, 'stores'>, alertId: string): Promise<boolean> {
  const a = await deps.stores.alerts.get(alertId);
  return !!a && !isResolved(a);
}
