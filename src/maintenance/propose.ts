import type { Deps } from '../deps';
import { AppError, ErrorCode } from '../errors/appError';
import type { Logger } from '../logger';
import { diffPlans } from '../planner/diff';
import { planMaintenance } from '../planner/plan';
import type { PlanRecord } from '../planner/record';
import { approvalItems } from '../planner/stages';
import { scanEvents } from '../query/scanEvents';
import { accountsOf, checkedOf } from '../query/target';
import { PlanStore } from '../stores/planStore';
import { maintenanceMessage } from '../views/maintenance';
import { planMetadata } from './planMetadata';
import { planView } from './schedule';
import { windowPlacedItems } from './standingFacts';

export interface ProposeInput {
  accounts: string[];
  target: string;
  days: number;
  requester: string;
  channel?: string;
  correlationId: string;
}

/**
 * Plans maintenance for the accounts: the events scan (the same one `/ec2 events` runs), the planner,
 * the diff against the target's last plan, one approval record per account with planned work (bound to
 * this plan's items of that account), and the plan message in the channel.
 */
export async function proposePlan(deps: Deps, input: ProposeInput, log: Logger): Promise<PlanRecord> {
  const accounts = accountsOf(deps.config, input.accounts);
  const channel = input.channel ?? accounts[0]?.alert_channel ?? deps.config.defaultAlertChannel;
  if (!channel) throw new AppError(ErrorCode.BadInput, 'No channel to post the plan in.');
  const scan = await scanEvents(deps, accounts, undefined, { requester: input.requester });
  for (const f of scan.failures) log.warn({ failure: f }, 'part of the maintenance scan is missing');
  const now = deps.now();
  const durations = await deps.stores.durations.load(scan.rows.map((r) => r.event));
  const inWindows = await windowPlacedItems(deps, accounts, scan.rows, input.requester, now);
  const plan = planMaintenance({
    rows: inWindows.rows,
    config: (alias) => deps.config.accounts.get(alias)?.maintenance,
    now,
    days: input.days,
    durations,
  });
  plan.unplanned.push(...inWindows.placed); // AWS acts in its own event window: placed, not planned again
  const store = deps.stores.plans;
  const last = await store.last(input.target);
  const record = proposedRecord(
    {
      id: PlanStore.newId(),
      target: input.target,
      accounts: accounts.map((a) => a.alias),
      days: input.days,
      plan,
      requester: input.requester,
      channel,
      scan: { checked: checkedOf(accounts), failures: scan.failures },
      correlationId: input.correlationId,
    },
    now,
    last,
  );
  record.approvals = await approvalsFor(deps, record);
  await store.propose(record, now);
  const posted = await deps.notifier.post(channel, {
    ...maintenanceMessage(await planView(deps, record)),
    metadata: planMetadata(record),
  });
  const saved = await store.update(record.id, (r) => ({ ...r, ts: posted.ts, channel: posted.channel }));
  const approvals = deps.stores.approvals;
  for (const id of Object.values(record.approvals)) await approvals.setMessage(id, posted.channel, posted.ts);
  return saved ?? record;
}

/** What a plan record says about itself when proposed; the rest is the same for every new proposal. */
export type ProposedFields = Pick<
  PlanRecord,
  'id' | 'target' | 'accounts' | 'days' | 'plan' | 'requester' | 'channel' | 'correlationId'
> &
  Partial<Pick<PlanRecord, 'ts' | 'scan' | 'standing'>>;

/**
 * A new plan record awaiting approval: its diff against the target's last plan (`last`), nothing
 * approved, staged or run yet. Approval records are made for it separately (`approvalsFor`).
 */
export const proposedRecord = (fields: ProposedFields, now: Date, last?: PlanRecord): PlanRecord => ({
  ...fields,
  diff: diffPlans(last?.plan, fields.plan),
  state: 'proposed',
  approvals: {},
  approvedBy: {},
  createdAt: now.toISOString(),
  stage: 0,
  items: {},
});

/** One approval record per account with planned work: its approvers, its self-approve rule, its ttl. */
export async function approvalsFor(deps: Deps, r: PlanRecord): Promise<Record<string, string>> {
  const store = deps.stores.approvals;
  const out: Record<string, string> = {};
  for (const alias of r.accounts) {
    const items = approvalItems(r.plan).filter((i) => i.account === alias);
    const account = deps.config.accounts.get(alias);
    if (!items.length || !account) continue;
    const rec = await store.create(
      {
        op: 'maintenance',
        account: alias,
        params: {
          planId: r.id,
          items: items
            .map((i) => ('action' in i ? `${i.key}@${i.action}@${i.at}` : `${i.key}@start-after@${i.awsAt}`))
            .sort(),
        },
        requester: r.requester,
        approvers: account.approvers,
        selfApprove: account.approval.self_approve,
        channel: r.channel,
        correlationId: r.correlationId,
      },
      deps.now(),
      // a plan waits for its windows: it may be approved until its first wave, at most a week
      Math.min(7 * 24 * 60, Math.max(account.approval.ttl_minutes, 24 * 60)),
    );
    out[alias] = rec.id;
  }
  return out;
}
