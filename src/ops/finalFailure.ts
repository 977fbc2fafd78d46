import type { Job } from 'bullmq';
import { isOperation } from '../config/operations';
import type { Deps } from '../deps';
import { opJobSchema } from '../jobs/opJob';
import { enqueueSalvage } from './sweep';

/**
 * An operation job that ended failed without reporting (its worker died again and again and BullMQ gave
 * up — "job stalled more than allowable limit" — or its attempts ran out while no worker could report)
 * after it changed the instance (the in-flight tag is set before the first change): salvaged at once,
 * from the job's own data, not at the next sweep. The salvage's jobId is the one the sweep would use,
 * so a job found both ways is salvaged once. Returns the salvage's job id, or undefined when nothing
 * needs salvaging.
 */
export async function salvageFailedNow(deps: Deps, job: Job): Promise<string | undefined> {
  if (!isOperation(job.name) || !job.id) return undefined;
  // `failed` is emitted for every failed attempt: only a job with no retry left (BullMQ sets
  // finishedOn then, and the job is in the failed set) is given up on.
  if (!job.finishedOn || (await job.getState()) !== 'failed') return undefined;
  return enqueueFor(deps, job);
}

/** The op-salvage of a job given up on, from its own data, when it changed the instance unreported. */
async function enqueueFor(deps: Deps, job: Job): Promise<string | undefined> {
  const parsed = opJobSchema.safeParse(job.data);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  if (d.reportedAt || !d.marked || !d.instanceId || !d.region) return undefined;
  deps.log.warn(
    { jobId: job.id, op: job.name, instanceId: d.instanceId, reason: job.failedReason },
    'operation failed for good without reporting: salvaging it now',
  );
  return enqueueSalvage(deps, {
    account: d.account,
    region: d.region,
    instanceId: d.instanceId,
    instanceName: d.instanceName,
    op: job.name,
    jobId: job.id ?? '',
    channel: d.channel,
    messageTs: d.messageTs ?? d.threadTs,
    requester: d.requester,
    redisLost: false,
  });
}

/**
 * BullMQ 6 fails a job stalled past `maxStalledCount` in two moves: the stalled check marks it
 * (`deferredFailure`, moveStalledJobsToWait.lua) and puts it back in wait; the next worker to take it
 * fails it before running it, which emits `failed`. The `stalled` event is the earlier of the two: a
 * job marked there is never run again, so it is salvaged then.
 */
export async function salvageIfStalledForGood(deps: Deps, jobId: string): Promise<string | undefined> {
  const job = await deps.queues.get('ops').getJob(jobId);
  if (!job?.deferredFailure || !isOperation(job.name)) return undefined;
  return enqueueFor(deps, job);
}
