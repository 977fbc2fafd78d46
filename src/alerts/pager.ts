import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps';
import { type Alert, type AlertMarks, isResolved } from '../domain/alert';
import { ALERT_PAGE } from '../jobs/alertPage';
import type { PageAction } from './pagerTargets';

/** Where an incident should stand at the pager: what Slack says about the alert now. */
export type PagerState = 'triggered' | 'acknowledged' | 'resolved';

export const desiredPagerState = (a: Alert, marks: AlertMarks): PagerState =>
  isResolved(a) ? 'resolved' : marks.ack ? 'acknowledged' : 'triggered';

/**
 * The events that bring a pager from what it was told to what it should know. Never paged and already
 * resolved: nothing (there is no incident to resolve). Pure.
 */
export function pageTransitions(sent: PagerState | undefined, want: PagerState): PageAction[] {
  if (sent === want) return [];
  if (sent === undefined)
    return want === 'triggered' ? ['trigger'] : want === 'acknowledged' ? ['trigger', 'acknowledge'] : [];
  if (sent === 'resolved') return [];
  if (want === 'resolved') return ['resolve'];
  return sent === 'triggered' && want === 'acknowledged' ? ['acknowledge'] : [];
}

export const stateAfter: Record<PageAction, PagerState> = {
  trigger: 'triggered',
  acknowledge: 'acknowledged',
  resolve: 'resolved',
};

/** An account sends pages when it names a pager target (its env vars are checked at start). */
const hasPager = (deps: Pick<Deps, 'config'>, a: Alert): boolean => {
  const account = deps.config.accounts.get(a.account);
  return !!(account?.pagerduty || account?.alert_webhook);
};

/**
 * Brings the pagers of an urgent alert in line with Slack (trigger, acknowledge, resolve), in a job:
 * a pager outage never holds up the Slack alert, and a failed send is retried with backoff. Every call
 * syncs to the alert's state at send time, so order and duplicates do not matter.
 */
export async function pageAlert(deps: Pick<Deps, 'config' | 'queues'>, a: Alert, by?: string): Promise<void> {
  if (!a.urgent || a.info || !hasPager(deps, a)) return;
  await deps.queues.enqueue(
    ALERT_PAGE,
    { correlationId: a.id, alertId: a.id, by },
    {
      jobId: `page-${a.id}-${Date.now()}-${randomBytes(3).toString('hex')}`,
      attempts: 8,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
    },
  );
}
