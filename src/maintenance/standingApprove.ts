import type { WebDeps } from '../deps';
import { AppError, ErrorCode } from '../errors/appError';
import { MAINTENANCE_SWEEP } from '../jobs/maintenanceSweep';
import type { PlanRecord } from '../planner/record';
import { approvePlan, type PlanClick } from './decide';

/**
 * Approve on the standing plan message (web process: Redis and Slack only). The button must sit on the
 * account's standing message and name its current additions; the approval itself is the planner's
 * (each account's approval record, checked atomically, then the stages). A sweep follows at once to
 * show it on the message.
 */
export async function approveAdditions(deps: WebDeps, c: PlanClick): Promise<PlanRecord> {
  const r = await deps.stores.plans.get(c.planId);
  if (!r?.standing) throw new AppError(ErrorCode.BadInput, 'These additions no longer exist.');
  const s = await deps.stores.standing.get(r.standing);
  if (!s || s.channel !== c.channelId || s.ts !== c.messageTs)
    throw new AppError(ErrorCode.Forbidden, 'This button does not belong to that standing plan.');
  // A newer sweep supersedes the additions it replaces (PlanRecord state), before it shows the new ones.
  if (r.state !== 'proposed')
    throw new AppError(
      ErrorCode.AlreadyDecided,
      'A newer sweep replaced these additions: the message shows the current ones.',
    );
  const next = await approvePlan(deps, { planId: r.id, user: c.user, correlationId: c.correlationId });
  await deps.queues.enqueue(
    MAINTENANCE_SWEEP,
    { correlationId: c.correlationId, account: r.standing, trigger: 'event' },
    {
      jobId: `maintenance-sweep-${r.standing}-approved-${c.correlationId}`,
      attempts: 6,
      backoff: { type: 'fixed', delay: 5_000 },
    },
  );
  return next;
}
