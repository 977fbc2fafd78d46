import type { Deps } from '../deps';
import { QUEUE } from '../jobs/queues';
import { enqueueOperation } from '../ops/enqueue';
import type { PlannedItem, UnplannedItem } from '../planner/planTypes';
import type { PlanRecord, WatchState } from '../planner/record';
import { watchesOf } from '../planner/stages';
import { watchLine } from '../views/maintenance';
import { eventOpen } from './aftercare';
import { lookAgain as again } from './schedule';

/**
 * Start after AWS's stop (`maintenance.after_aws_stop: start`): an event that ends with the instance
 * stopped and that the plan does not pre-empt is watched from AWS's (moved) time. Once AWS has stopped
 * the instance the bot starts it (the `start` operation, in the plan's thread: it waits for the status
 * checks), and the item is done when the instance runs, its checks pass and AWS's event is gone. One
 * delayed job per look, so a restart loses nothing.
 */

type Item = PlannedItem | UnplannedItem;

const WATCHING = new Set(['approved', 'running', 'paused', 'done']);
/** How long after AWS's window the bot keeps looking before it says AWS did not act. */
const GRACE_MS = 60 * 60_000;

async function setWatch(
  deps: Deps,
  id: string,
  key: string,
  s: WatchState,
  job?: string,
): Promise<PlanRecord | undefined> {
  return deps.stores.plans.update(id, (x) => ({
    ...x,
    watches: { ...x.watches, [key]: s },
    ...(job ? { watchJobs: { ...x.watchJobs, [key]: job } } : {}),
  }));
}

/** One look at a watched instance; `post` writes a line in the plan's thread. */
export async function runWatch(
  deps: Deps,
  data: { planId: string; attempt: number; watch: string },
  post: (r: PlanRecord, text: string) => Promise<unknown>,
  startJob: (r: PlanRecord, i: Item) => Promise<{ jobId: string } | { refused: string }>,
): Promise<{ started: number }> {
  const r = await deps.stores.plans.get(data.planId);
  const item = r ? watchesOf(r.plan).find((i) => i.key === data.watch) : undefined;
  const state = item && r?.watches?.[item.key];
  if (!r || !item || !WATCHING.has(r.state) || (state !== 'watching' && state !== 'starting'))
    return { started: 0 };
  const poll = deps.tuning.pollMs * 6;
  const seen = await eventOpen(deps, item);
  if (!seen) return again(deps, r, item.key, data.attempt, poll).then(() => ({ started: 0 }));
  const end = (s: WatchState, line: Parameters<typeof watchLine>[1]) =>
    setWatch(deps, r.id, item.key, s).then((x) => post(x ?? r, watchLine(item, line)));
  if (seen.state === 'terminated' || seen.state === 'shutting-down') {
    await end('failed', 'terminated');
    return { started: 0 };
  }
  if (seen.state === 'stopped' && state === 'watching') {
    const job = await startJob(r, item);
    if ('refused' in job) {
      deps.log.warn(
        { planId: r.id, instanceId: item.instanceId, why: job.refused },
        'start after AWS stop refused',
      );
      await end('failed', 'start-refused');
      return { started: 0 };
    }
    await setWatch(deps, r.id, item.key, 'starting', job.jobId);
    await post(r, watchLine(item, 'starting'));
    await again(deps, r, item.key, data.attempt, poll);
    return { started: 1 };
  }
  if (seen.state === 'stopped' && (await startFailed(deps, r, item.key))) {
    await end('failed', 'start-failed');
    return { started: 0 };
  }
  if (seen.state === 'running' && !seen.open && seen.ok) {
    await end('done', state === 'starting' ? 'started' : 'gone');
    return { started: 0 };
  }
  const until = Date.parse(item.awsUntil ?? item.awsAt ?? '') + GRACE_MS;
  if (seen.state === 'running' && seen.open && deps.now().getTime() > until) {
    await end('not-cleared', 'aws-did-not-act');
    return { started: 0 };
  }
  await again(deps, r, item.key, data.attempt, poll);
  return { started: 0 };
}

async function startFailed(deps: Deps, r: PlanRecord, key: string): Promise<boolean> {
  const id = r.watchJobs?.[key];
  if (!id) return false;
  const job = await deps.queues.get(QUEUE.ops).getJob(id);
  return (await job?.getState()) === 'failed';
}

/** The `start` operation for a watched instance AWS stopped: planned by its spec, in the plan's thread. */
export async function enqueueStart(
  deps: Deps,
  r: PlanRecord,
  payload: Parameters<typeof enqueueOperation>[2],
  key: string,
): Promise<string> {
  return enqueueOperation(deps, 'start', payload, `${r.id}-start-${key}`);
}
