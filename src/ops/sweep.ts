import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { OP_SALVAGE } from '../jobs/opSalvage';
import { QUEUE } from '../jobs/queues';
import { clearInFlight, OP_TAG, parseInFlight } from './inFlight';

const RUNNING = ['active', 'waiting', 'delayed', 'prioritized', 'waiting-children'];
const SWEEPER = { requester: 'ec2-ops-bot' };

/**
 * Finds operations whose job is gone or given up on while their instance still carries the in-flight
 * tag (src/ops/inFlight.ts): Redis restarted without persistence, or BullMQ stopped retrying a job whose
 * worker was lost again and again. Each one gets an `op-salvage` job (jobId from the lost job: found
 * twice, salvaged once). A tag whose job ended and was reported is just removed.
 */
export async function sweepLostOperations(deps: Deps): Promise<{ checked: number; lost: string[] }> {
  const units = [...deps.config.accounts.values()].flatMap((a) => a.regions.map((r) => [a, r] as const));
  const lost: string[] = [];
  await Promise.all(units.map(([account, region]) => sweepRegion(deps, account, region, lost)));
  if (lost.length) deps.log.warn({ lost }, 'operations lost in flight: salvaging');
  return { checked: units.length, lost };
}

async function sweepRegion(deps: Deps, account: Account, region: string, lost: string[]): Promise<void> {
  const ec2 = deps.ec2Port(account, region, SWEEPER);
  const tagged = await ec2.instancesTagged(OP_TAG).catch((err) => {
    deps.log.warn({ err, account: account.alias, region }, 'in-flight sweep: region not read');
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
    lost.push(`${account.alias}/${region}/${i.id}`);
    await deps.queues.enqueue(
      OP_SALVAGE,
      {
        correlationId: `salvage-${f.jobId}`.slice(0, 64),
        account: account.alias,
        region,
        instanceId: i.id,
        instanceName: i.name,
        op: f.op,
        lostJobId: f.jobId,
        lostChannel: f.channel,
        lostMessageTs: f.messageTs,
        lostRequester: f.requester,
        redisLost: !job,
      },
      { jobId: `salvage-${f.jobId}`.replace(/[^\w.-]/g, '_').slice(0, 120), attempts: 3 },
    );
  }
}
