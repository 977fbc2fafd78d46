import type { Account } from '../config/types';
import type { Deps } from '../deps';
import type { OperationPlan } from '../domain/operationPlan';
import { APPROVAL_EXPIRE } from '../jobs/approvalExpire';
import { linkedRequestView, planMessage, sentForApprovalView } from '../views/operation';
import { approvalMetadata } from './approvalMetadata';
import { recordRequest } from './auditRequest';
import { answer, channelFor, view } from './reply';
import type { AnyOperationSpec, OperationRequest, OperationStarted, PlanContext } from './spec';

/**
 * Posts the plan for approval, mentioning the account's approvers (users and user groups); in an
 * alert's thread it is also broadcast to the channel, so the approvers see it. An identical request
 * still pending is linked to, not duplicated. The expiry is a delayed job at the approval's end.
 */
export async function requestApproval(
  deps: Deps,
  account: Account,
  spec: AnyOperationSpec,
  req: OperationRequest,
  plan: OperationPlan,
  ctx: PlanContext,
): Promise<OperationStarted> {
  const params = ctx.params;
  const channel = channelFor(deps, account, req);
  const store = deps.stores.approvals;
  const action = {
    op: req.op,
    account: account.alias,
    region: req.region,
    instanceId: req.instanceId,
    params,
  };
  const pending = await store.pendingLike(action, deps.now());
  if (pending) {
    await recordRequest(deps, req, 'linked', { approvalId: pending.id });
    await answer(deps, req, linkedRequestView(pending));
    return { id: pending.id, state: 'linked' };
  }
  const record = await store.create(
    {
      ...action,
      instanceName: ctx.instance?.name,
      label: req.label,
      requester: req.requester,
      approvers: account.approvers,
      selfApprove: account.approval.self_approve,
      channel,
      threadTs: req.threadTs,
      responseUrl: req.responseUrl,
      origin: req.origin,
      correlationId: req.correlationId,
    },
    deps.now(),
    account.approval.ttl_minutes,
  );
  const msg = planMessage({
    ...view(spec, req, plan),
    state: 'awaiting',
    approvalId: record.id,
    approvers: account.approvers,
    expiresAt: record.expiresAt,
  });
  const posted = await deps.notifier.post(channel, {
    ...msg,
    thread_ts: req.threadTs,
    reply_broadcast: req.threadTs && req.origin?.kind === 'alert' ? true : undefined,
    metadata: approvalMetadata({
      id: record.id,
      op: req.op,
      account: account.alias,
      instance: req.instanceId,
      name: ctx.instance?.name,
    }),
  });
  const link = await deps.notifier.permalink(posted.channel, posted.ts);
  await store.setMessage(record.id, posted.channel, posted.ts, link);
  await store.setPlan(record.id, plan, account.approval.ttl_minutes * 60 + 7 * 24 * 3600);
  await recordRequest(deps, req, 'awaiting-approval', { approvalId: record.id });
  await deps.queues.enqueue(
    APPROVAL_EXPIRE,
    { correlationId: req.correlationId, approvalId: record.id },
    {
      jobId: `expire-${record.id}`,
      delay: Math.max(0, record.expiresAt - deps.now().getTime()) + 1000,
      attempts: 3,
    },
  );
  if (req.responseUrl) await answer(deps, req, sentForApprovalView(record.id, link));
  return { id: record.id, state: 'awaiting-approval' };
}
