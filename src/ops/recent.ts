import type { Job } from 'bullmq';
import { isOperation } from '../config/operations';
import type { WebDeps } from '../deps';
import { QUEUE } from '../jobs/queues';
import type { JobRow } from '../views/operation';
import { opName } from './catalog';

const SHOWN = 25;

/**
 * Recent operations for `/ec2 jobs`: ops jobs (state, requester, approver, duration) and requests that
 * never became a job (awaiting approval, rejected, expired). Newest first. Reads Redis only.
 */
export async function recentOperations(deps: WebDeps, account?: string): Promise<JobRow[]> {
  const queue = deps.queues.get(QUEUE.ops);
  const jobs = await queue.getJobs(['active', 'waiting', 'delayed', 'completed', 'failed'], 0, 200);
  const rows: JobRow[] = [];
  for (const job of jobs) {
    if (!job) continue;
    const row = await jobRow(job);
    if (!account || row.account === account) rows.push(row);
  }
  const approvals = await deps.stores.approvals.recent(100);
  for (const a of approvals) {
    if (a.state === 'approved' || (account && a.account !== account)) continue;
    const expired = a.state === 'pending' && a.expiresAt < deps.now().getTime();
    rows.push({
      op: isOperation(a.op) ? opName(a.op, a.label) : a.op,
      account: a.account,
      instance: a.instanceId,
      instanceName: a.instanceName,
      state: expired ? 'expired' : a.state === 'pending' ? 'awaiting approval' : a.state,
      requester: a.requester,
      approver: a.state === 'withdrawn' ? undefined : a.decidedBy,
      at: Date.parse(a.createdAt),
      link: a.link,
    });
  }
  return rows.sort((x, y) => y.at - x.at).slice(0, SHOWN);
}

async function jobRow(job: Job): Promise<JobRow> {
  const d = job.data as Record<string, unknown>;
  const state = await job.getState();
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    op: isOperation(job.name) ? opName(job.name, str(d.label)) : job.name,
    account: str(d.account) ?? '?',
    instance: str(d.instanceId),
    instanceName: str(d.instanceName),
    link: str(d.link),
    state: state === 'completed' ? 'done' : state,
    requester: str(d.requester),
    approver: str(d.approver),
    durationMs: job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : undefined,
    at: job.timestamp,
  };
}
