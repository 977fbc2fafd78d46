import type { Deps } from '../deps';
import { QUEUE } from '../jobs/queues';
import { standbyDecrement } from '../ops/asgSteps';
import { enqueueOperation } from '../ops/enqueue';
import type { PlannedItem, UnplannedItem } from '../planner/planTypes';
import type { PlanRecord, WatchState } from '../planner/record';
import { awsTimeOf, watchesOf } from '../planner/stages';
import { watchLine } from '../views/maintenance';
import { eventOpen } from './aftercare';
import { lookAgain as again } from './schedule';

/**
 * Start after AWS's stop (`maintenance.after_aws_stop: start`): an event that ends with the instance
 * stopped and that the plan does not pre-empt is watched from AWS's (moved) time. Once AWS has stopped
 * the instance the bot starts it (the `start` operation, in the plan's thread: it waits for the status
 * checks), and the item is done when the instance runs, its checks pass and AWS's event is gone. One
 * delayed job per look, so a restart loses nothing.
 *
 * An Auto Scaling member (`maintenance.asg: standby`) is watched from a lead before AWS's time (the item's
 * `standby`): AWS's stop of an InService member makes the group mark it unhealthy and replace it
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-health-checks.html), so the
 * bot puts it in standby first; the start after AWS's stop then returns it to service (start → checks →
 * ExitStandby). A member the bot put in standby is never left there: if AWS does not act, its event goes
 * away, or the plan is cancelled, the watch returns it (only a running one: a stopped member leaving
 * standby would be replaced).
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

type Post = (r: PlanRecord, text: string) => Promise<unknown>;
type Line = Parameters<typeof watchLine>[1];

const OPEN = new Set<WatchState>(['watching', 'standby', 'starting']);

/** The Auto Scaling port of a watched item's account-region (undefined: the account is gone from config). */
function asgOf(deps: Deps, i: Item) {
  const account = deps.config.accounts.get(i.account);
  return account ? deps.asgPort(account, i.region, { requester: 'ec2-ops-bot' }) : undefined;
}

/**
 * Standby before AWS's stop (`maintenance.asg: standby`): an InService member enters standby, with
 * decrement unless its group is at its minimum (the rule of the operations' standby step). The watch
 * state says `standby` before the call, so a retried or resumed look never claims a member it did not put
 * there and always knows to return it. Not InService (already in standby, pending, leaving): not entered.
 */
async function enterStandby(deps: Deps, r: PlanRecord, i: Item): Promise<'entered' | 'skipped' | 'failed'> {
  const port = asgOf(deps, i);
  const read = await (async () => {
    const m = await port?.member(i.instanceId);
    return m && m.lifecycle === 'InService' ? { m, ...(await standbyDecrement(port!, m.group)) } : undefined;
  })().catch((err) => {
    deps.log.warn({ err, planId: r.id, instanceId: i.instanceId }, 'member read before standby failed');
    return undefined; // the next look reads it again
  });
  if (!port || !read) return 'skipped';
  await setWatch(deps, r.id, i.key, 'standby');
  try {
    await port.enterStandby(read.m.group, i.instanceId, read.decrement);
    return 'entered';
  } catch (err) {
    // said once: the state is `standby` now, so the watch does not try again (and exits only from Standby)
    deps.log.warn({ err, planId: r.id, instanceId: i.instanceId }, 'standby before AWS stop failed');
    return 'failed';
  }
}

/** ExitStandby of a member the bot put in standby (only from Standby; true when it is in service or leaving it). */
async function returnToService(deps: Deps, r: PlanRecord, i: Item): Promise<boolean> {
  const port = asgOf(deps, i);
  try {
    const m = await port?.member(i.instanceId);
    if (port && m?.lifecycle === 'Standby') await port.exitStandby(m.group, i.instanceId);
    return true;
  } catch (err) {
    deps.log.warn(
      { err, planId: r.id, instanceId: i.instanceId },
      'exit standby after AWS stop watch failed',
    );
    return false;
  }
}

/** One look at a watched instance; `post` writes a line in the plan's thread. */
export async function runWatch(
  deps: Deps,
  data: { planId: string; attempt: number; watch: string },
  post: Post,
  startJob: (r: PlanRecord, i: Item) => Promise<{ jobId: string } | { refused: string }>,
): Promise<{ started: number }> {
  const r = await deps.stores.plans.get(data.planId);
  const item = r ? watchesOf(r.plan).find((i) => i.key === data.watch) : undefined;
  const state = item && r?.watches?.[item.key];
  if (!r || !item || !state || !OPEN.has(state)) return { started: 0 };
  const group = item.standby?.group;
  const end = (s: WatchState, line: Line, g?: string) =>
    setWatch(deps, r.id, item.key, s).then((x) => post(x ?? r, watchLine(item, line, g)));
  // a plan cancelled while the bot holds its member in standby: the member goes back first
  if (!WATCHING.has(r.state)) {
    if (state === 'standby' && (await returnToService(deps, r, item)))
      await end('not-cleared', 'cancelled', group);
    return { started: 0 };
  }
  const poll = deps.tuning.pollMs * 6;
  /** The next look, in `ms` (a poll by default); this one started nothing. */
  const later = (ms = poll) => again(deps, r, item.key, data.attempt, ms).then(() => ({ started: 0 }));
  const seen = await eventOpen(deps, item);
  if (!seen) return later();
  const held = state === 'standby' ? group : undefined;
  if (seen.state === 'terminated' || seen.state === 'shutting-down') {
    await end('failed', 'terminated', group);
    return { started: 0 };
  }
  if (seen.state === 'stopped' && state !== 'starting') {
    // a member in standby: the start is planned as the way back from standby (start → checks → ExitStandby)
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
    await post(r, watchLine(item, 'starting', held));
    await again(deps, r, item.key, data.attempt, poll);
    return { started: 1 };
  }
  const failed = state === 'starting' && (await startFailed(deps, r, item.key));
  if (seen.state === 'stopped' && failed) {
    await end('failed', 'start-failed', group);
    return { started: 0 };
  }
  if (seen.state === 'running' && !seen.open && seen.ok) {
    // a member the start returns to service: done once it is back (or the bot returns it, if the start failed)
    if (group && state === 'starting' && !failed && !(await inService(deps, item))) return later();
    if (group && (state === 'standby' || failed) && !(await returnToService(deps, r, item))) return later();
    await end(
      'done',
      state === 'starting' ? 'started' : 'gone',
      held ?? (state === 'starting' ? group : undefined),
    );
    return { started: 0 };
  }
  const now = deps.now().getTime();
  const until = Date.parse(item.awsUntil ?? item.awsAt ?? '') + GRACE_MS;
  if (seen.state === 'running' && seen.open && now > until) {
    if (state === 'standby' && !(await returnToService(deps, r, item))) return later();
    await end('not-cleared', 'aws-did-not-act', held);
    return { started: 0 };
  }
  const awsAt = awsTimeOf(item) ?? now;
  if (item.standby && state === 'watching' && seen.state === 'running' && seen.open) {
    const how = await enterStandby(deps, r, item);
    if (how !== 'skipped')
      await post(r, watchLine(item, how === 'entered' ? 'entered-standby' : 'standby-failed', group));
    if (how === 'entered') return later(Math.max(poll, awsAt - now));
  }
  return later();
}

/** Is the watched member InService in its group again (the start's ExitStandby ran)? */
async function inService(deps: Deps, i: Item): Promise<boolean> {
  const m = await asgOf(deps, i)
    ?.member(i.instanceId)
    .catch(() => undefined);
  return !m || m.lifecycle === 'InService';
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
