import type { Deps } from '../deps';
import { asAppError, safeText } from '../errors/appError';
import { MAINTENANCE_WAVE } from '../jobs/maintenanceStage';
import type { OpJobPayload } from '../jobs/opJob';
import type { FlowSpec } from '../jobs/queueClient';
import { QUEUE } from '../jobs/queues';
import { OP_JOB_OPTS, safeJobId } from '../ops/enqueue';
import { busyText, InstanceLock } from '../ops/lock';
import { planFor } from '../ops/request';
import type { OperationRequest } from '../ops/spec';
import type { PlannedItem } from '../planner/plan';
import type { ItemState, PlanRecord } from '../planner/record';
import { stagesOf } from '../planner/stages';
import { scanEvents } from '../query/scanEvents';
import { accountsOf } from '../query/target';
import { section } from '../views/blocks';
import { itemLabel } from '../views/maintenance';
import { esc, plainText, withTokens } from '../views/text';
import { afterWave } from './aftercare';
import { refreshMessage, startStage, startWatches } from './schedule';
import { enqueueStart, runWatch } from './watch';

const RUNNABLE = new Set(['approved', 'running']);

export const note = (deps: Deps, r: PlanRecord, text: string): Promise<unknown> =>
  deps.notifier
    .post(r.channel, { text: plainText(text), blocks: [section(withTokens(text))], thread_ts: r.ts })
    .catch((err) => deps.log.warn({ err, planId: r.id }, 'maintenance thread note failed'));

export async function pause(deps: Deps, id: string, failure: string): Promise<void> {
  const r = await deps.stores.plans.update(id, (x) =>
    RUNNABLE.has(x.state) ? { ...x, state: 'paused', failure } : undefined,
  );
  if (r?.state !== 'paused') return;
  await note(
    deps,
    r,
    `:warning: Plan stopped: ${failure} Later waves wait — Retry, Skip or Abort on the plan.`,
  );
  await refreshMessage(deps, r);
}

/** The stage job: the plan still runs, the window is still open; re-plan each item, start the flow. */
export async function runStage(
  deps: Deps,
  data: { planId: string; stage: number; attempt: number; correlationId: string; watch?: string },
): Promise<{ started: number }> {
  if (data.watch !== undefined)
    return runWatch(
      deps,
      { ...data, watch: data.watch },
      (r, text) => note(deps, r, text),
      async (r, item) => {
        const job = await opJob(deps, r, { ...item, op: 'start', params: {} }, "start after AWS's stop");
        return typeof job === 'string'
          ? { refused: job }
          : { jobId: await enqueueStart(deps, r, job, item.key) };
      },
    );
  const store = deps.stores.plans;
  const r = await store.get(data.planId);
  if (!r || !RUNNABLE.has(r.state) || r.stage !== data.stage) return { started: 0 };
  const stages = stagesOf(r.plan);
  const s = stages[data.stage];
  if (!s) {
    const done = await store.update(r.id, (x) =>
      RUNNABLE.has(x.state) ? { ...x, state: 'done' } : undefined,
    );
    if (done) await refreshMessage(deps, done);
    return { started: 0 };
  }
  if (s.closes !== undefined && deps.now().getTime() >= s.closes) {
    await pause(deps, r.id, `the window of ${s.label} closed before it could start.`);
    return { started: 0 };
  }
  const todo = s.items.filter((i) => data.attempt === 0 || r.items[i.key] === 'failed');
  // Each item is re-read and re-planned by its operation's spec; they are independent, so all at once
  // (the EC2 pacer keeps the describes within the account-region's budget), with the new-events scan.
  const [notInPlan, planned] = await Promise.all([
    newEvents(deps, r),
    Promise.all(todo.map((item) => opJob(deps, r, item, s.label))),
  ]);
  const children: Record<string, string> = {};
  const jobs: FlowSpec['children'] = [];
  const states: Record<string, ItemState> = {};
  for (const [n, item] of todo.entries()) {
    const job = planned[n];
    if (job === undefined) continue;
    if (typeof job === 'string') {
      states[item.key] = 'skipped';
      await note(deps, r, `:fast_forward: ${itemLabel(item)} (${item.code}) skipped: ${esc(job)}`);
      continue;
    }
    const jobId = safeJobId(`${r.id}-s${data.stage}-a${data.attempt}-${n}`);
    children[jobId] = item.key;
    states[item.key] = 'queued';
    jobs.push({
      name: item.op ?? item.action,
      data: job,
      opts: { ...OP_JOB_OPTS, jobId, ignoreDependencyOnFailure: true },
    });
  }
  const running = await store.update(r.id, (x) =>
    RUNNABLE.has(x.state)
      ? { ...x, state: 'running', items: { ...x.items, ...states }, ...(notInPlan ? { notInPlan } : {}) }
      : undefined,
  );
  if (running) await refreshMessage(deps, running);
  const parent = {
    correlationId: r.correlationId,
    planId: r.id,
    stage: data.stage,
    attempt: data.attempt,
    children,
  };
  if (!jobs.length) return finishStage(deps, parent, {}).then(() => ({ started: 0 }));
  await deps.queues.addFlow(QUEUE.ops, {
    name: MAINTENANCE_WAVE.name,
    data: MAINTENANCE_WAVE.schema.parse(parent),
    opts: { jobId: safeJobId(`${r.id}-s${data.stage}-a${data.attempt}-wave`) },
    children: jobs,
  });
  return { started: jobs.length };
}

/**
 * Open events of the plan's accounts that it does not cover (arrived after it was made): never added
 * silently — the message lists them with a Re-plan button. Undefined when the scan failed (the stage
 * still runs: what was approved does not depend on it).
 */
async function newEvents(deps: Deps, r: PlanRecord): Promise<string[] | undefined> {
  try {
    const scan = await scanEvents(deps, accountsOf(deps.config, r.accounts), undefined, {
      requester: r.requester,
    });
    const known = new Set([...r.plan.waves.flatMap((w) => w.items), ...r.plan.unplanned].map((i) => i.key));
    return scan.rows
      .map((row) => `${row.event.account}|${row.event.region}|${row.event.instanceId}|${row.event.code}`)
      .filter((k) => !known.has(k));
  } catch (err) {
    deps.log.warn({ err, planId: r.id }, 'maintenance: the check for new events failed');
    return undefined;
  }
}

/**
 * The operation job of one item (`op` defaults to the item's own), planned now by its spec (the
 * instance re-read, its blockers checked); a string says why it is skipped (the event is gone, the
 * instance changed or is busy).
 */
export async function opJob(
  deps: Deps,
  r: PlanRecord,
  item: Pick<PlannedItem, 'account' | 'region' | 'instanceId'> & {
    op?: PlannedItem['op'];
    params?: Record<string, unknown>;
  },
  label: string,
): Promise<OpJobPayload | string> {
  const account = deps.config.accounts.get(item.account);
  if (!account) return 'the account is no longer configured';
  if (!item.op) return 'nothing for the bot to run';
  const req: OperationRequest = {
    op: item.op,
    account: item.account,
    region: item.region,
    instanceId: item.instanceId,
    requester: r.requester,
    params: item.params ?? {},
    origin: { kind: 'maintenance', id: r.id },
    correlationId: r.correlationId,
  };
  try {
    const { ctx, plan } = await planFor(deps, account, req);
    if (plan.blockers.length) return plan.blockers.join('; ');
    const holder = await new InstanceLock(deps.redis, deps.keyPrefix).holder(
      item.account,
      item.region,
      item.instanceId,
    );
    if (holder) return `busy: ${busyText(holder)}`;
    return {
      correlationId: r.correlationId,
      requester: r.requester,
      approver: r.approvedBy[item.account],
      approvalId: r.approvals[item.account],
      account: item.account,
      region: item.region,
      instanceId: item.instanceId,
      instanceName: ctx.instance?.name,
      params: ctx.params,
      channel: r.channel,
      threadTs: r.ts,
      title: `Maintenance ${label}: ${plan.title}`,
      origin: { kind: 'maintenance', id: r.id },
    };
  } catch (raw) {
    const err = asAppError(raw, `maintenance ${item.op}`, {
      account: item.account,
      instanceId: item.instanceId,
    });
    if (!err.unrecoverable) throw err; // AWS did not answer: the stage job retries
    return safeText(err);
  }
}

/**
 * The wave job: every child ended. Each item that ran is checked against AWS (its event must be gone:
 * src/maintenance/aftercare.ts); one that did not clear it is re-planned. Failed ones stop the plan;
 * otherwise the next stage is enqueued.
 */
export async function finishStage(
  deps: Deps,
  data: { planId: string; stage: number; attempt: number; children: Record<string, string> },
  failures: Record<string, string>,
): Promise<{ failed: number }> {
  const failedIds = new Set(
    Object.keys(failures).map((k) => Object.keys(data.children).find((id) => k.endsWith(`:${id}`))),
  );
  const states: Record<string, ItemState> = {};
  for (const [id, key] of Object.entries(data.children)) states[key] = failedIds.has(id) ? 'failed' : 'done';
  const failed = Object.entries(states)
    .filter(([, s]) => s === 'failed')
    .map(([k]) => k);
  const store = deps.stores.plans;
  const before = await store.get(data.planId);
  if (!before || before.stage !== data.stage) return { failed: failed.length };
  const after = await afterWave(deps, before, data, states);
  const r = await store.update(data.planId, (x) =>
    x.stage === data.stage
      ? {
          ...x,
          ...(after.plan ? { plan: after.plan } : {}),
          tried: { ...x.tried, ...after.tried },
          items: { ...x.items, ...states, ...after.states },
          ...(failed.length ? {} : { stage: x.stage + 1 }),
        }
      : undefined,
  );
  if (!r) return { failed: failed.length };
  for (const line of after.notes) await note(deps, r, line);
  if (after.plan && RUNNABLE.has(r.state)) await startWatches(deps, r); // re-planned work AWS stops
  if (failed.length) {
    const label = stagesOf(r.plan)[data.stage]?.label ?? `stage ${data.stage + 1}`;
    const who = failed.map((k) => k.split('|')[2]).join(', ');
    await pause(
      deps,
      r.id,
      `${label}: ${failed.length} operation${failed.length === 1 ? '' : 's'} failed (${who}) — the results are in this thread.`,
    );
    return { failed: failed.length };
  }
  if (!RUNNABLE.has(r.state)) return { failed: 0 };
  await refreshMessage(deps, r);
  await startStage(deps, r, r.stage);
  return { failed: 0 };
}
