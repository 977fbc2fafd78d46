import type { z } from 'zod';
import type { Deps } from '../deps';
import { DATA_LOSS, type noticeSchema } from '../jobs/dataLoss';
import { QUEUE } from '../jobs/queues';
import { safeJobId } from '../ops/enqueue';
import { type LostOp, salvageJobId, sweepLostOperations } from '../ops/sweep';
import { dataLossNoticeView, type LostOpStatus } from '../views/dataLoss';
import { markLostApprovals } from './lostApprovals';
import { replanLostPlans } from './lostPlans';

export type Notice = z.infer<typeof noticeSchema>;
type NoticeOp = Notice['ops'][number];

/** How far back channels are read for approval requests and plans (a plan waits for approval a week at most). */
const LOOKBACK_MS = 7 * 24 * 3600_000;
const FINAL = new Set<string>(['done', 'rolled-back', 'failed', 'rollback-failed', 'reported']);

/**
 * What a data loss (or a start that found no sentinel) sets off, at once: every Job Scheduler registered
 * again (`registerSchedulers`, handed in by the worker that owns them: src/schedulers.ts), and the
 * `data-loss` job (sweep, lost approvals, lost plans, notices).
 */
export async function recoverFromLoss(
  deps: Deps,
  cause: 'fresh' | 'lost',
  registerSchedulers: (deps: Deps) => Promise<object>,
): Promise<void> {
  const at = deps.now();
  const schedulers = await registerSchedulers(deps);
  deps.log.info({ cause, ...schedulers }, 'Job Schedulers registered again; data-loss scan queued');
  await deps.queues.enqueue(
    DATA_LOSS,
    { correlationId: `data-loss-${at.getTime()}`, cause, at: at.toISOString() },
    { jobId: `data-loss-${at.getTime()}`, attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
  );
}

const channelOf = (deps: Deps, l: LostOp): string | undefined =>
  l.channel ?? deps.config.accounts.get(l.account)?.alert_channel ?? deps.config.defaultAlertChannel;

/**
 * The scan: in-flight records swept (each lost operation salvaged), then — when something was lost, or
 * Redis is known to have lost its data — lost approval requests and plans found in the channels.
 * Returns one notice per channel with something to say (posted), or undefined for a first start.
 */
export async function scanAfterLoss(
  deps: Deps,
  cause: 'fresh' | 'lost',
  at: Date,
): Promise<Notice[] | undefined> {
  const sweep = await sweepLostOperations(deps);
  if (cause === 'fresh' && !sweep.lost.length) return undefined; // a first start: nothing was lost
  const channels = await channelsToRead(deps, sweep.lost);
  const since = new Date(at.getTime() - LOOKBACK_MS);
  const approvals = await markLostApprovals(deps, channels, since);
  const plans = await replanLostPlans(deps, channels, since);
  const notices: Notice[] = [];
  for (const channel of channels) {
    const ops = sweep.lost.filter((l) => channelOf(deps, l) === channel).map(noticeOp);
    const n: Notice = {
      channel,
      ops,
      approvals: approvals.filter((a) => a.channel === channel).map((a) => a.title),
      plans: plans.filter((p) => p.channel === channel).map((p) => p.target),
    };
    if (!ops.length && !n.approvals.length && !n.plans.length) continue;
    const posted = await deps.notifier
      .post(channel, dataLossNoticeView(view(n, at)))
      .catch((err) => deps.log.warn({ err, channel }, 'data-loss notice not posted'));
    notices.push({ ...n, ts: posted?.ts });
  }
  return notices;
}

/**
 * Where the bot may have posted: the accounts' alert channels, the channels of the lost operations, and
 * every channel the bot is a member of (a request made with `/ec2` in any channel is posted there).
 */
async function channelsToRead(deps: Deps, lost: LostOp[]): Promise<string[]> {
  const member = await (deps.notifier.memberChannels?.() ?? Promise.resolve([])).catch((err) => {
    deps.log.warn({ err }, 'channels of the bot not listed: reading the configured ones only');
    return [] as string[];
  });
  const configured = [...deps.config.accounts.values()].map((a) => a.alert_channel);
  const all = [
    ...configured,
    deps.config.defaultAlertChannel,
    ...lost.map((l) => channelOf(deps, l)),
    ...member,
  ];
  return [...new Set(all)].filter((c): c is string => !!c).slice(0, MAX_CHANNELS);
}

/** Channels read after a loss at most (each is one or a few conversations.history calls, tier 3). */
const MAX_CHANNELS = 200;

const noticeOp = (l: LostOp): NoticeOp => ({
  lostJobId: l.jobId,
  account: l.account,
  region: l.region,
  instanceId: l.instanceId,
  instance: l.instanceName ? `${l.instanceName} (${l.instanceId})` : l.instanceId,
  op: l.op,
  requester: l.requester,
  status: 'resume',
});

const view = (n: Notice, at: Date) => ({
  at,
  ops: n.ops.map((o) => ({ ...o, status: o.status as LostOpStatus })),
  approvals: n.approvals,
  plans: n.plans,
});

/**
 * Reads how each salvaged operation is doing (its op-salvage job, then the resumed run) and updates the
 * notices whose lines changed; an operation that ended gets the instance's state. True when all ended.
 */
export async function trackNotices(deps: Deps, notices: Notice[], at: Date): Promise<boolean> {
  let settled = true;
  for (const n of notices) {
    let changed = false;
    for (const o of n.ops) {
      if (FINAL.has(o.status)) continue;
      const status = await statusOf(deps, o.lostJobId);
      if (status !== o.status) changed = true;
      o.status = status;
      if (FINAL.has(status)) o.state = await stateOf(deps, o);
      else settled = false;
    }
    if (changed && n.ts)
      await deps.notifier
        .update(n.channel, n.ts, dataLossNoticeView(view(n, at)))
        .catch((err) => deps.log.warn({ err, channel: n.channel }, 'data-loss notice not updated'));
  }
  return settled;
}

async function statusOf(deps: Deps, lostJobId: string): Promise<LostOpStatus> {
  const ops = deps.queues.get(QUEUE.ops);
  const salvage = await ops.getJob(salvageJobId(lostJobId));
  const sState = salvage ? await salvage.getState() : 'missing';
  if (sState === 'failed') return 'failed';
  if (sState !== 'completed') return 'resume';
  const action = (salvage?.returnvalue as { action?: string } | undefined)?.action;
  if (action === 'report') return 'reported';
  const resumed = await ops.getJob(safeJobId(`resumed-${lostJobId}`));
  const rState = resumed ? await resumed.getState() : 'missing';
  if (rState === 'failed') return resumed?.data?.rollback ? 'rollback-failed' : 'failed';
  if (rState !== 'completed') return action === 'rollback' ? 'rollback' : 'resume';
  const outcome = (resumed?.returnvalue as { outcome?: string } | undefined)?.outcome;
  return outcome === 'rolled-back' ? 'rolled-back' : outcome === 'done' ? 'done' : 'failed';
}

async function stateOf(deps: Deps, o: NoticeOp): Promise<string | undefined> {
  const account = deps.config.accounts.get(o.account);
  if (!account) return undefined;
  const now = await deps
    .ec2Port(account, o.region, { requester: 'ec2-ops-bot' })
    .describe(o.instanceId)
    .catch(() => undefined);
  return now ? `${now.state} (${now.type})` : undefined;
}
