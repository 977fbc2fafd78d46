import type { Account } from '../config/types';
import type { Deps } from '../deps';
import type { InstanceInfo } from '../domain/instance';
import { instanceLabel } from '../domain/instance';
import type { OperationPlan } from '../domain/operationPlan';
import type { OpRef } from '../domain/opRef';
import { AppError, ErrorCode } from '../errors/appError';
import { planMessage } from '../views/operation';
import { requestApproval } from './approvalRequest';
import { recordRequest } from './auditRequest';
import { enqueueOperation } from './enqueue';
import { loadInstance } from './instance';
import { busyText, InstanceLock } from './lock';
import { SPECS } from './operations';
import { decide } from './policy';
import { answer, channelFor, view } from './reply';
import type { AnyOperationSpec, OperationRequest, OperationStarted, PlanContext } from './spec';

/** Validated params of a request: a button ref or a job payload is never trusted as it comes. */
export function paramsOf(
  spec: AnyOperationSpec,
  req: Pick<OperationRequest, 'params'>,
): Record<string, unknown> {
  const parsed = spec.params.safeParse(req.params ?? {});
  if (!parsed.success)
    throw new AppError(ErrorCode.BadInput, `These are not valid parameters for ${spec.name}.`);
  return parsed.data;
}

/** The plan of a request, read now: the instance re-read, then the spec's planner. Read-only. */
export async function planFor(
  deps: Deps,
  account: Account,
  req: OperationRequest,
): Promise<{ spec: AnyOperationSpec; ctx: PlanContext; plan: OperationPlan }> {
  const spec = SPECS[req.op];
  const params = paramsOf(spec, req);
  const instance =
    spec.scope === 'instance'
      ? await loadInstance(deps, account, req.region ?? '', req.instanceId ?? '', req.requester)
      : undefined;
  const ec2 = instance ? deps.ec2Port(account, instance.region, { requester: req.requester }) : undefined;
  const ctx: PlanContext = { deps, account, req, params, instance, ec2 };
  return { spec, ctx, plan: named(await spec.plan(ctx), spec, req.label) };
}

/** A plan asked for by a button with its own words: its title says them, not the spec's label. */
function named(plan: OperationPlan, spec: AnyOperationSpec, label: string | undefined): OperationPlan {
  if (!label || label === spec.label || !plan.title.startsWith(`${spec.label} `)) return plan;
  return { ...plan, title: `${label}: ${plan.title.slice(spec.label.length + 1)}` };
}

/**
 * Requests an operation: authorize, re-read the instance, refuse a busy one, plan; then a dry run, an
 * approval message, or a direct enqueue. Runs in a job (`op-plan`, auto-recover, the maintenance
 * planner), never in the web process: planning reads AWS.
 */
export async function startOperation(deps: Deps, req: OperationRequest): Promise<OperationStarted> {
  const account = deps.config.accounts.get(req.account);
  if (!account) throw new AppError(ErrorCode.UnknownAccount, `No account "${req.account}".`);
  const policy = await decide(deps, account, req);
  if (!policy.allowed) {
    await recordRequest(deps, req, 'refused', { reason: 'not an operator' });
    throw new AppError(
      ErrorCode.Forbidden,
      `You are not an operator of ${account.alias}: ask someone listed in its operators to request ${req.op}.`,
    );
  }
  const { spec, ctx, plan } = await planFor(deps, account, req);
  if (ctx.instance) await refuseIfBusy(deps, account, ctx.instance);
  if (plan.blockers.length) {
    await recordRequest(deps, req, 'blocked', { blockers: plan.blockers });
    const offers = await offerRefs(deps, req, plan);
    await answer(deps, req, planMessage({ ...view(spec, req, plan), state: 'blocked', offers }));
    return { id: req.correlationId, state: 'blocked' };
  }
  if (req.dryRun) return dryRun(deps, spec, ctx, plan);
  if (policy.needsApproval) return requestApproval(deps, account, spec, req, plan, ctx);
  await recordRequest(deps, req, 'accepted', { reason: policy.reason });
  return runNow(deps, account, spec, req, plan, ctx);
}

async function refuseIfBusy(deps: Deps, account: Account, i: InstanceInfo): Promise<void> {
  const holder = await new InstanceLock(deps.redis, deps.keyPrefix).holder(account.alias, i.region, i.id);
  if (holder) {
    throw new AppError(ErrorCode.Busy, `${instanceLabel(i)} is busy: ${busyText(holder)}.`, {
      people: [holder.user],
    });
  }
}

async function dryRun(
  deps: Deps,
  spec: AnyOperationSpec,
  ctx: PlanContext,
  plan: OperationPlan,
): Promise<OperationStarted> {
  const checks = spec.dryRun ? await spec.dryRun(ctx) : [];
  const allowed = checks.every((c) => c.result === 'allowed' || c.result === 'wrong-state');
  const note = !spec.dryRun
    ? 'Plan only: this operation has no EC2 DryRun check.'
    : allowed
      ? 'EC2 DryRun check passed: the bot may do this, and nothing was changed.'
      : 'EC2 DryRun: the role may not make every call above. Nothing was changed.';
  await recordRequest(deps, ctx.req, 'dry-run', { allowed });
  await answer(
    deps,
    ctx.req,
    planMessage({ ...view(spec, ctx.req, plan), state: 'dry-run', note, dryRun: checks }),
  );
  return { id: ctx.req.correlationId, state: 'dry-run' };
}

async function runNow(
  deps: Deps,
  account: Account,
  spec: AnyOperationSpec,
  req: OperationRequest,
  plan: OperationPlan,
  ctx: PlanContext,
): Promise<OperationStarted> {
  const channel = channelFor(deps, account, req);
  const posted = await deps.notifier.post(channel, {
    ...planMessage({ ...view(spec, req, plan), state: 'queued' }),
    thread_ts: req.threadTs,
  });
  const id = await enqueueOperation(
    deps,
    req.op,
    {
      correlationId: req.correlationId,
      requester: req.requester,
      approver: req.preApproved?.by && req.preApproved.by !== req.requester ? req.preApproved.by : undefined,
      account: account.alias,
      region: ctx.instance?.region,
      instanceId: ctx.instance?.id,
      instanceName: ctx.instance?.name,
      params: ctx.params,
      channel: posted.channel,
      messageTs: posted.ts,
      link: await deps.notifier.permalink(posted.channel, posted.ts),
      threadTs: req.threadTs,
      title: plan.title,
      responseUrl: req.responseUrl,
      origin: req.origin,
      label: req.label,
    },
    `op-${req.idempotencyKey ?? req.correlationId}`,
  );
  return { id, state: 'queued' };
}

async function offerRefs(
  deps: Deps,
  req: OperationRequest,
  plan: OperationPlan,
): Promise<{ op: string; label: string; refId: string; destructive: boolean }[]> {
  if (!plan.offer?.length || !req.instanceId || !req.region) return [];
  const offers = plan.offer.filter((op): op is keyof typeof SPECS => op in SPECS);
  return Promise.all(
    offers.map(async (op) => {
      const ref: OpRef = {
        kind: 'op',
        op,
        account: req.account,
        region: req.region ?? '',
        instanceId: req.instanceId ?? '',
        channel: req.channel,
        origin: req.origin,
      };
      const spec = SPECS[op];
      return { op, label: spec.label, destructive: spec.destructive, refId: await deps.refs.put(ref) };
    }),
  );
}
