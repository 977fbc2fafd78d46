import type { Deps } from '../deps';
import { MAINTENANCE_PLAN } from '../jobs/maintenancePlan';
import { PLAN_METADATA } from '../maintenance/planMetadata';
import { safeJobId } from '../ops/enqueue';
import { readHistory } from './lostApprovals';

/** A plan message ends with its state: `… (running)`. These still had work (stage jobs) ahead. */
const LIVE = /\((proposed|approved|running|paused)\)\s*$/;

export interface LostPlan {
  channel: string;
  ts: string;
  planId: string;
  target: string;
}

/**
 * After a data loss: maintenance plans whose record and delayed stage jobs Redis no longer has, found
 * by their message in the channels (metadata; the newest per target, still proposed, approved, running
 * or paused). The record cannot be rebuilt from Redis (it is gone) nor safely from the in-flight tags
 * (they hold only the operation in flight, not the plan's later waves): each such plan is planned
 * afresh — the same target, accounts and horizon, from AWS's open scheduled events, which are the
 * truth of what is still to do — and posted for approval again, since its approvals were lost too.
 */
export async function replanLostPlans(deps: Deps, channels: string[], since: Date): Promise<LostPlan[]> {
  const store = deps.stores.plans;
  const out: LostPlan[] = [];
  const seen = new Set<string>();
  for (const channel of channels) {
    for (const m of await readHistory(deps, channel, since)) {
      const p = m.metadata?.event_type === PLAN_METADATA ? m.metadata.event_payload : undefined;
      if (!p?.plan_id || !p.target || seen.has(p.target)) continue;
      seen.add(p.target); // newest first: older plans of a target were superseded by this one
      if (!LIVE.test(m.text ?? '') || (await store.get(p.plan_id))) continue;
      const accounts = (p.accounts ?? '').split(',').filter((a) => deps.config.accounts.has(a));
      if (!accounts.length) continue;
      await deps.queues.enqueue(
        MAINTENANCE_PLAN,
        {
          correlationId: `replan-${p.plan_id}`.slice(0, 64),
          accounts,
          target: p.target,
          days: Math.min(60, Math.max(1, Number(p.days) || 14)),
          requester: p.requester || 'ec2-ops-bot',
          channel,
        },
        { jobId: safeJobId(`replan-${p.plan_id}`), attempts: 3 },
      );
      await deps.notifier
        .post(channel, {
          text: 'This plan was lost with the bot’s Redis (its later waves would never have run): a fresh plan from AWS’s open events follows, to approve again.',
          thread_ts: m.ts,
        })
        .catch((err) => deps.log.warn({ err, channel }, 'lost plan note not posted'));
      out.push({ channel, ts: m.ts, planId: p.plan_id, target: p.target });
    }
  }
  return out;
}
