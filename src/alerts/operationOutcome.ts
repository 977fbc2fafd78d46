import type { Deps } from '../deps';
import { type AlertOutcome, isResolved } from '../domain/alert';
import { outcomeLine } from '../views/alertText';
import { noteView } from '../views/alertThread';
import { AlertOutbox } from './outbox';
import { pageAlert } from './pager';
import { AlertStore } from './store';
import { cancelAlertTimers } from './timers';

export type OutcomeDeps = Pick<Deps, 'redis' | 'keyPrefix' | 'queues' | 'config' | 'log' | 'now'>;

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
  const store = new AlertStore(deps.redis, deps.keyPrefix);
  const outcome: AlertOutcome = { ...note, at: note.at.toISOString() };
  const a = await store.withLock(alertId, async () => {
    const cur = await store.get(alertId);
    if (!cur) return undefined;
    await store.save({ ...cur, outcome });
    return { ...cur, outcome };
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
export async function alertIsOpen(
  deps: Pick<Deps, 'redis' | 'keyPrefix'>,
  alertId: string,
): Promise<boolean> {
  const a = await new AlertStore(deps.redis, deps.keyPrefix).get(alertId);
  return !!a && !isResolved(a);
}
