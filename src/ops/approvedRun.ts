import type { Deps } from '../deps';
import { AppError, asAppError, ErrorCode, safeText } from '../errors/appError';
import { isOperationApproval, type OperationApproval } from '../stores/approvalStore';
import { auditDecision, updatePlan } from './decision';
import { enqueueOperation } from './enqueue';
import { busyText, InstanceLock } from './lock';
import { planFor } from './request';

/**
 * After an approval (the `op-approve` job, jobId = approval id): re-read the instance, re-plan, refuse
 * if blockers appeared or the instance got busy, then enqueue the operation with jobId = approval id.
 * A refusal updates the plan message — the one place the requester and approver look.
 */
export async function runApproved(deps: Deps, approvalId: string): Promise<{ jobId?: string }> {
  const r = await deps.stores.approvals.get(approvalId);
  if (r?.state !== 'approved' || !isOperationApproval(r)) return {};
  try {
    return { jobId: await replanAndEnqueue(deps, r) };
  } catch (raw) {
    const err = asAppError(raw, `plan ${r.op}`, { account: r.account, instanceId: r.instanceId });
    if (!err.unrecoverable) throw err; // AWS did not answer: the job retries
    await auditDecision(deps, r, r.decidedBy ?? 'unknown', 'enqueue', `not started: ${err.code}`);
    await updatePlan(deps, r, 'approved', `Not started: ${safeText(err)}`);
    err.reported = true;
    throw err;
  }
}

async function replanAndEnqueue(deps: Deps, r: OperationApproval): Promise<string> {
  const account = deps.config.accounts.get(r.account);
  if (!account) throw new AppError(ErrorCode.UnknownAccount, `Account ${r.account} is no longer configured.`);
  const req = { ...r, correlationId: r.correlationId };
  const { ctx, plan } = await planFor(deps, account, req);
  if (plan.blockers.length) {
    throw new AppError(
      ErrorCode.Precondition,
      `the instance changed since the request: ${plan.blockers.join('; ')}.`,
    );
  }
  const i = ctx.instance;
  const holder = i
    ? await new InstanceLock(deps.redis, deps.keyPrefix).holder(r.account, i.region, i.id)
    : undefined;
  if (holder)
    throw new AppError(ErrorCode.Busy, `The instance is busy: ${busyText(holder)}.`, {
      people: [holder.user],
    });
  await updatePlan(deps, r, 'approved');
  return enqueueOperation(
    deps,
    r.op,
    {
      correlationId: r.correlationId,
      requester: r.requester,
      approver: r.decidedBy,
      approvalId: r.id,
      account: r.account,
      region: i?.region ?? r.region,
      instanceId: i?.id ?? r.instanceId,
      instanceName: i?.name,
      params: ctx.params,
      channel: r.channel,
      messageTs: r.messageTs,
      link: r.link,
      threadTs: r.threadTs,
      title: plan.title,
      responseUrl: r.responseUrl,
      origin: r.origin,
      label: r.label,
    },
    r.id,
  );
}
