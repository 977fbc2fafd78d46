import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { OP_SALVAGE } from '../jobs/opSalvage';
import { QUEUE } from '../jobs/queues';
import { safeJobId } from './enqueue';
import { clearInFlight, type InFlight, OP_TAG, parseInFlight } from './inFlight';

const RUNNING = ['active', 'waiting', 'delayed', 'prioritized', 'waiting-children'];
const SWEEPER = { requester: 'ec2-ops-bot' };

/** An operation found lost in flight: its in-flight record, and where the instance is. */
export interface LostOp extends InFlight {
  account: string;
  region: string;
  instanceId: string;
  instanceName?: string;
  /** Redis no longer had the job at all (restarted without persistence). */
  redisLost: boolean;
}

export interface SweepResult {
  checked: number;
  lost: LostOp[];
  /** Regions whose in-flight records could not be read (`alias/region`): looked at again next sweep. */
  unread: string[];
}

/** The op-salvage job of a lost job: one per lost job, whoever finds it (the sweep or the failed event). */
export const salvageJobId = (lostJobId: string): string => safeJobId(`salvage-${lostJobId}`);

/**
 * Finds operations whose job is gone or given up on while their instance still carries the in-flight
 * tag (src/ops/inFlight.ts): Redis restarted without persistence, or BullMQ stopped retrying a job whose
 * worker was lost again and again. Each one gets an `op-salvage` job (jobId from the lost job: found
 * twice, salvaged once). A tag whose job ended and was reported is just removed.
 */
export async function sweepLostOperations(deps: Deps): Promise<SweepResult> {
  const units = [...deps.config.accounts.values()].flatMap((a) => a.regions.map((r) => [a, r] as const));
  const result: SweepResult = { checked: units.length, lost: [], unread: [] };
  await Promise.all(units.map(([account, region]) => sweepRegion(deps, account, region, result)));
  if (result.lost.length)
    deps.log.warn({ lost: result.lost.map((l) => l.instanceId) }, 'operations lost in flight: salvaging');
  return result;
}

async function sweepRegion(deps: Deps, account: Account, region: string, out: SweepResult): Promise<void> {
  const ec2 = deps.ec2Port(account, region, SWEEPER);
  const tagged = await ec2.instancesTagged(OP_TAG).catch((err) => {
    deps.log.warn({ err, account: account.alias, region }, 'in-flight sweep: region not read');
    out.unread.push(`${account.alias}/${region}`);
    return [];
  });
  for (const i of tagged) {
    const f = parseInFlight(i.tags);
    if (!f) continue;
    const job = await deps.queues.get(QUEUE.ops).getJob(f.jobId);
    const state = job ? await job.getState() : 'missing';
    if (RUNNING.includes(state)) continue;
    if (job && (state === 'completed' || job.data?.reportedAt)) {
      await clearInFlight(ec2, i.id, deps.log);
      continue;
    }
    const lost: LostOp = {
      ...f,
      account: account.alias,
      region,
      instanceId: i.id,
      instanceName: i.name,
      redisLost: !job,
    };
    out.lost.push(lost);
    await enqueueSalvage(deps, lost);
  }
}

/** Enqueues the op-salvage of one lost operation (src/ops/salvage.ts); a second find is the same job. */
export async function enqueueSalvage(deps: Deps, l: LostOp): Promise<string> {
  return deps.queues.enqueue(
    OP_SALVAGE,
    {
      correlationId: `salvage-${l.jobId}`.slice(0, 64),
      account: l.account,
      region: l.region,
      instanceId: l.instanceId,
      instanceName: l.instanceName,
      op: l.op,
      lostJobId: l.jobId,
      lostChannel: l.channel,
      lostMessageTs: l.messageTs,
      lostRequester: l.requester,
      before: l.before,
      redisLost: l.redisLost,
    },
    { jobId: salvageJobId(l.jobId), attempts: 3 },
  );
}
