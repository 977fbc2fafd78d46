import type { Deps } from '../deps';
import type { ALERT_AUTORECOVER } from '../jobs/alertAutorecover';
import { ALERT_DIGEST } from '../jobs/alertDigest';
import { ALERT_ESCALATE } from '../jobs/alertEscalate';
import { QUEUE } from '../jobs/queues';

/** Alert types the bot's opt-in auto-recover acts on (AWS's own recovery failing included). */
export const AUTO_RECOVER_TYPES: ReadonlySet<string> = new Set([
  'StatusCheckFailed_System',
  'AWS_EC2_SIMPLIFIED_AUTO_RECOVERY_FAILURE',
]);

export const escalationJobId = (alertId: string): string => `esc-${alertId}`;
export const autoRecoverJobId = (alertId: string): string => `autorecover-${alertId}`;

const TIMER_OPTS = { removeOnComplete: true, removeOnFail: { count: 1000 }, attempts: 3 };

/** Delayed jobs that act on an alert unless someone acknowledges it first (escalation, auto-recover). */
export async function scheduleAlertTimer(
  deps: Pick<Deps, 'queues'>,
  spec: typeof ALERT_ESCALATE | typeof ALERT_AUTORECOVER,
  alertId: string,
  delayMs: number,
): Promise<void> {
  const jobId = spec.name === ALERT_ESCALATE.name ? escalationJobId(alertId) : autoRecoverJobId(alertId);
  await deps.queues.enqueue(
    spec,
    { correlationId: alertId, alertId },
    { ...TIMER_OPTS, jobId, delay: Math.max(0, delayMs) },
  );
}

/** Acknowledge / resolve: the pending timers go. A timer already running re-checks the alert itself. */
export async function cancelAlertTimers(deps: Pick<Deps, 'queues'>, alertId: string): Promise<void> {
  const q = deps.queues.get(QUEUE.alerts);
  await Promise.all([q.remove(escalationJobId(alertId)), q.remove(autoRecoverJobId(alertId))]);
}

/** The morning digest of one account: one delayed job per quiet window (jobId dedupes). */
export async function scheduleDigest(
  deps: Pick<Deps, 'queues'>,
  account: string,
  at: Date,
  now: Date,
): Promise<void> {
  await deps.queues.enqueue(
    ALERT_DIGEST,
    { correlationId: `digest-${account}`, account },
    {
      ...TIMER_OPTS,
      jobId: `digest-${account}-${at.getTime()}`,
      delay: Math.max(0, at.getTime() - now.getTime()),
    },
  );
}
