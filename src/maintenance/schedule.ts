import type { WebDeps } from '../deps';
import { MAINTENANCE_STAGE } from '../jobs/maintenanceStage';
import { safeJobId } from '../ops/enqueue';
import type { PlanRecord, WatchState } from '../planner/record';
import { stagesOf, watchesOf, watchFrom } from '../planner/stages';
import { maintenanceMessage } from '../views/maintenance';

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
  return { record, approvers, now: deps.now(), ...(notInPlan ? { notInPlan } : {}) };
}

const watchJobId = (r: PlanRecord, key: string, attempt: number): string =>
  safeJobId(`${r.id}-w-${key}-a${attempt}`);

/** The next look of a start after AWS's stop (src/maintenance/watch.ts), as a delayed stage job. */
export async function lookAgain(
  deps: WebDeps,
  r: PlanRecord,
  key: string,
  attempt: number,
  delay: number,
): Promise<void> {
  await deps.queues.enqueue(
    MAINTENANCE_STAGE,
    { correlationId: r.correlationId, planId: r.id, stage: 0, attempt: attempt + 1, watch: key },
    { jobId: watchJobId(r, key, attempt + 1), delay: Math.max(0, delay), attempts: 3 },
  );
}

/** At approval: one delayed watch per item AWS stops, from its time (a member's: from its standby before it). */
export async function startWatches(deps: WebDeps, r: PlanRecord): Promise<void> {
  const items = watchesOf(r.plan).filter((i) => !r.watches?.[i.key]);
  if (!items.length) return;
  await deps.stores.plans.update(r.id, (x) => ({
    ...x,
    watches: { ...x.watches, ...Object.fromEntries(items.map((i) => [i.key, 'watching' as WatchState])) },
  }));
  const now = deps.now().getTime();
  for (const i of items) await lookAgain(deps, r, i.key, -1, (watchFrom(i) ?? now) - now);
}
