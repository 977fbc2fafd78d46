import type { WebDeps } from '../deps';
import { MAINTENANCE_STAGE } from '../jobs/maintenanceStage';
import { safeJobId } from '../ops/enqueue';
import { maintenanceMessage } from '../views/maintenance';
import { stagesOf } from './stages';
import type { PlanRecord } from './store';

/*
 * What a decision on a plan does next, without reaching AWS: the web process (Approve, Abort, Retry,
 * Skip) and the worker both update the plan message and enqueue its stages through here.
 */

/** Enqueues a stage as a delayed job: it starts when its window opens (a job, so it survives restarts). */
export async function startStage(deps: WebDeps, r: PlanRecord, stage: number, attempt = 0): Promise<void> {
  const s = stagesOf(r.plan)[stage];
  const delay = s ? Math.max(0, s.opens - deps.now().getTime()) : 0;
  await deps.queues.enqueue(
    MAINTENANCE_STAGE,
    { correlationId: r.correlationId, planId: r.id, stage, attempt },
    { jobId: safeJobId(`${r.id}-s${stage}-a${attempt}`), delay, attempts: 3 },
  );
}

/** Updates the one plan message in place (best effort). */
export async function refreshMessage(deps: WebDeps, r: PlanRecord): Promise<void> {
  if (!r.ts || r.standing) return;
  await deps.notifier
    .update(r.channel, r.ts, maintenanceMessage(await planView(deps, r, r.notInPlan)))
    .catch((err) => deps.log.warn({ err, planId: r.id }, 'maintenance message update failed'));
}

/** The message model: the record and each account's approvers (mentioned while approval is pending). */
export async function planView(deps: WebDeps, record: PlanRecord, notInPlan?: string[]) {
  const approvers = Object.fromEntries(
    record.accounts.map((a) => [a, deps.config.accounts.get(a)?.approvers ?? []]),
  );
  return { record, approvers, ...(notInPlan ? { notInPlan } : {}) };
}
