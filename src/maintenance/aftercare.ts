import type { Deps } from '../deps';
import { isHistory } from '../domain/events';
import { QUEUE } from '../jobs/queues';
import type { DurationKind } from '../planner/durations';
import { planMaintenance } from '../planner/plan';
import type { MaintenancePlan, PlanAction, PlannedItem, Wave } from '../planner/planTypes';
import type { ItemState, PlanRecord } from '../planner/record';
import { stagesOf } from '../planner/stages';
import { scanEvents } from '../query/scanEvents';
import { accountsOf } from '../query/target';
import { notClearedLine } from '../views/maintenance';

/** What a finished wave changes in its plan: item states, actions tried, re-planned work, thread lines. */
export interface AfterWave {
  states: Record<string, ItemState>;
  tried: Record<string, PlanAction[]>;
  plan?: MaintenancePlan;
  notes: string[];
}

const BOT = new Set<PlanAction>(['reboot', 'recover']);

/** Is the item's scheduled event still open in EC2 (not `[Completed]`/`[Canceled]`)? Undefined: unknown. */
export async function eventOpen(
  deps: Deps,
  i: Pick<PlannedItem, 'account' | 'region' | 'instanceId' | 'code'>,
): Promise<{ open: boolean; state: string; ok: boolean } | undefined> {
  const account = deps.config.accounts.get(i.account);
  if (!account) return undefined;
  try {
    const c = await deps.ec2Port(account, i.region, { requester: 'ec2-ops-bot' }).statusChecks(i.instanceId);
    return {
      open: c.events.some((e) => e.code === i.code.split('|')[0] && !isHistory(e.description)),
      state: c.state,
      ok: c.system === 'ok' && c.instance === 'ok',
    };
  } catch (err) {
    deps.log.warn({ err, instanceId: i.instanceId }, 'maintenance: the event re-read failed');
    return undefined;
  }
}

/**
 * After a wave: each bot action that ended well re-reads its instance's scheduled events (done means
 * AWS's event is gone); one still there is "not cleared" and re-planned without that action (stop +
 * start for an EBS-backed instance, else left to AWS with the reason). Durations feed the estimates.
 */
export async function afterWave(
  deps: Deps,
  r: PlanRecord,
  data: { stage: number; children: Record<string, string> },
  states: Record<string, ItemState>,
): Promise<AfterWave> {
  const stage = stagesOf(r.plan)[data.stage];
  const ran = (stage?.items ?? []).filter((i) => BOT.has(i.action) && states[i.key] === 'done');
  await recordDurations(deps, ran, data.children);
  const out: AfterWave = { states: {}, tried: {}, notes: [] };
  const stuck: PlannedItem[] = [];
  // one re-read per instance, all at once (the EC2 pacer keeps them within the account-region's budget)
  const seen = await Promise.all(ran.map((i) => eventOpen(deps, i)));
  for (const [n, i] of ran.entries()) {
    if (!seen[n]?.open) continue;
    out.states[i.key] = 'not-cleared';
    out.tried[baseKey(i.key)] = [...(r.tried?.[baseKey(i.key)] ?? []), i.action];
    stuck.push(i);
  }
  // a wave that ran long: later items that no longer fit before AWS acts or their window closes
  const late = lateItems(r.plan, data.stage, deps.now().getTime());
  if (!stuck.length && !late.length) return out;
  const trimmed = withoutItems(r.plan, late);
  const plan = await replan(deps, { ...r, plan: trimmed }, [...stuck, ...late], { ...r.tried, ...out.tried });
  out.plan = plan.plan;
  out.notes = [...stuck, ...late].map((i) =>
    notClearedLine(i, plan.placed.get(baseKey(i.key)), plan.left.get(baseKey(i.key)), late.includes(i)),
  );
  return out;
}

/**
 * Items of later waves that a wave running long pushes past AWS's time or their window's close (the
 * next waves start when this one ends: everything after it slides by the overrun). Pure.
 */
export function lateItems(plan: MaintenancePlan, stage: number, now: number): PlannedItem[] {
  const stages = stagesOf(plan);
  const done = stages[stage];
  if (!done?.items.length) return [];
  const overrun = now - Math.max(...done.items.map((i) => Date.parse(i.end)));
  if (overrun <= 0) return [];
  return stages
    .slice(stage + 1)
    .flatMap((s) => s.items)
    .filter((i) => {
      const end = Date.parse(i.end) + overrun;
      return end > Date.parse(i.windowClose) || (i.awsAt !== undefined && end > Date.parse(i.awsAt));
    });
}

/** The plan without these (not yet run) items; waves left empty go. */
const withoutItems = (plan: MaintenancePlan, drop: PlannedItem[]): MaintenancePlan => ({
  ...plan,
  waves: plan.waves
    .map((w) => ({ ...w, items: w.items.filter((i) => !drop.includes(i)) }))
    .filter((w) => w.items.length),
});

/** The event's key without a re-plan's suffix (`account|region|instance|code`). */
export const baseKey = (key: string): string => key.split('|').slice(0, 4).join('|');

async function replan(
  deps: Deps,
  r: PlanRecord,
  stuck: PlannedItem[],
  tried: Record<string, PlanAction[]>,
): Promise<{
  plan: MaintenancePlan;
  placed: Map<string, PlannedItem>;
  left: Map<string, MaintenancePlan['unplanned'][number]>;
}> {
  const keys = new Set(stuck.map((i) => baseKey(i.key)));
  const scan = await scanEvents(
    deps,
    accountsOf(deps.config, [...new Set(stuck.map((i) => i.account))]),
    undefined,
    {
      requester: r.requester,
    },
  );
  const rows = scan.rows.filter((row) =>
    keys.has(`${row.event.account}|${row.event.region}|${row.event.instanceId}|${row.event.code}`),
  );
  const now = deps.now().getTime();
  // after every wave already run (a wave may start before its planned time): stage indices stay put
  const ran = stagesOf(r.plan)
    .slice(0, r.stage + 1)
    .flatMap((s) => s.items.map((i) => Date.parse(i.at)));
  const from = Math.max(now, ...ran.map((t) => t + 60_000));
  const booked = r.plan.waves.flatMap((w) => w.items).filter((i) => Date.parse(i.end) > from);
  const durations = await deps.stores.durations.load(rows.map((x) => x.event));
  const next = planMaintenance({
    rows,
    config: (alias) => deps.config.accounts.get(alias)?.maintenance,
    now: new Date(from),
    days: Math.max(1, Math.ceil((Date.parse(r.plan.until) - from) / 86_400_000)),
    tried,
    booked,
    durations,
  });
  const again = (k: string) =>
    `${k}|${(tried[k] ?? []).length + 1}${stuck.some((i) => i.key === k) ? '' : 'r'}`;
  const placed = new Map<string, PlannedItem>();
  const waves: Wave[] = r.plan.waves.map((w) => ({ ...w, items: [...w.items] }));
  for (const w of next.waves)
    for (const item of w.items) {
      const moved = { ...item, key: again(item.key) };
      placed.set(item.key, moved);
      const into = waves.find((x) => x.at === moved.at);
      if (into) into.items.push(moved);
      else waves.push({ ...w, items: [moved] });
    }
  const left = new Map(next.unplanned.map((u) => [u.key, { ...u, key: again(u.key) }] as const));
  waves.sort((a, b) => a.at.localeCompare(b.at));
  return { plan: { ...r.plan, waves, unplanned: [...r.plan.unplanned, ...left.values()] }, placed, left };
}

/** How long each bot action took (its job's run), kept per account-region for the next plans' waves. */
async function recordDurations(
  deps: Deps,
  ran: PlannedItem[],
  children: Record<string, string>,
): Promise<void> {
  const store = deps.stores.durations;
  const queue = deps.queues.get(QUEUE.ops);
  const jobs = Object.entries(children).map(async ([id, key]) => {
    const item = ran.find((i) => i.key === key);
    // an Auto Scaling member's run includes the standby round trip: it would skew the bare estimate
    const kind: DurationKind | undefined =
      item?.action === 'reboot'
        ? 'reboot'
        : item?.action === 'recover' && !item.group?.startsWith('asg:')
          ? 'stop-start'
          : undefined;
    if (!item || !kind) return;
    const job = await queue.getJob(id).catch(() => undefined);
    if (job?.processedOn && job.finishedOn)
      await store.record(item.account, item.region, kind, job.finishedOn - job.processedOn);
  });
  await Promise.all(jobs);
}
