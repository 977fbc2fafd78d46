import { ec2Ops } from '../aws/ec2Ops';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { type InstanceInfo, instanceLabel } from '../domain/instance';
import type { OpRef } from '../domain/opRef';
import { AppError, ErrorCode } from '../errors';
import type { OperationPlan, OperationRequest, OperationStarted, OpJobPayload } from '../opsApi';
import { QUEUE } from '../queues';
import type { SlackMessage } from '../slack/message';
import { planMessage } from '../views/operation';
import { esc } from '../views/text';
import { ApprovalStore } from './approvals';
import { recordRequest } from './auditRequest';
import { awsFailure } from './awsFailure';
import { OPERATION_DEFS } from './definitions';
import { enqueueOperation } from './enqueue';
import { loadInstance } from './instance';
import { InstanceLock } from './lock';
import { plannerFor } from './planners';
import { decide } from './policy';

/**
 * Requests an operation (the contract in src/opsApi.ts): authorize, re-read the instance, refuse a busy
 * one, plan; then a dry run, an approval message, or a direct enqueue. Runs after the Slack ack (in a
 * job or an action handler), never before it.
 */
export async function startOperation(deps: Deps, req: OperationRequest): Promise<OperationStarted> {
  const account = deps.config.accounts.get(req.account);
  if (!account) throw new AppError(ErrorCode.UnknownAccount, `No account "${esc(req.account)}".`);
  const policy = await decide(deps, account, req);
  if (!policy.allowed) {
    await recordRequest(deps, req, 'refused', { reason: 'not an operator' });
    throw new AppError(
      ErrorCode.Forbidden,
      `You are not an operator of ${account.alias}: ask someone listed in its operators to request ${req.op}.`,
    );
  }
  const instance = req.instanceId
    ? await loadInstance(deps, account, req.region ?? '', req.instanceId, req.requester)
    : undefined;
  if (instance) await refuseIfBusy(deps, account, instance);
  const plan = await plannerFor(req.op)(deps, req, instance);
  if (plan.blockers.length) {
    await recordRequest(deps, req, 'blocked', { blockers: plan.blockers });
    const offers = await offerRefs(deps, req, plan);
    await answer(deps, req, planMessage({ ...view(req, plan), state: 'blocked', offers }));
    return { id: req.correlationId, state: 'blocked' };
  }
  if (req.dryRun) return dryRun(deps, account, req, plan);
  if (policy.needsApproval) return requestApproval(deps, account, req, plan);
  await recordRequest(deps, req, 'accepted', { reason: policy.reason });
  return runNow(deps, account, req, plan, instance);
}

const view = (req: OperationRequest, plan: OperationPlan) => ({
  op: req.op,
  account: req.account,
  region: req.region,
  plan,
  requester: req.requester,
});

async function refuseIfBusy(deps: Deps, account: Account, i: InstanceInfo): Promise<void> {
  const holder = await new InstanceLock(deps.redis, deps.keyPrefix).holder(account.alias, i.region, i.id);
  if (holder) {
    throw new AppError(
      ErrorCode.Busy,
      `${esc(instanceLabel(i))} is busy: ${holder.op} by ${holder.user}, started ${holder.startedAt}.`,
    );
  }
}

async function dryRun(
  deps: Deps,
  account: Account,
  req: OperationRequest,
  plan: OperationPlan,
): Promise<OperationStarted> {
  const def = OPERATION_DEFS[req.op];
  let note = 'Plan only: this operation has no EC2 DryRun check.';
  if (def && req.instanceId && req.region) {
    const ec2 = deps.aws.ec2(account, req.region, { requester: req.requester });
    await def.dryRun(ec2Ops(ec2), req.instanceId, req.params ?? {}).catch((err: unknown) => {
      throw awsFailure(err, `${req.op} (dry run)`, { account: req.account, instanceId: req.instanceId });
    });
    note = 'EC2 DryRun check passed: the bot may do this, and nothing was changed.';
  }
  await recordRequest(deps, req, 'dry-run', {});
  await answer(deps, req, planMessage({ ...view(req, plan), state: 'dry-run', note }));
  return { id: req.correlationId, state: 'dry-run' };
}

async function requestApproval(
  deps: Deps,
  account: Account,
  req: OperationRequest,
  plan: OperationPlan,
): Promise<OperationStarted> {
  const channel = channelFor(deps, account, req);
  const store = new ApprovalStore(deps.redis, deps.keyPrefix);
  const record = await store.create(
    {
      op: req.op,
      account: account.alias,
      region: req.region,
      instanceId: req.instanceId,
      params: req.params,
      requester: req.requester,
      approvers: account.approvers,
      selfApprove: account.approval.self_approve,
      channel,
      threadTs: req.threadTs,
      responseUrl: req.responseUrl,
      correlationId: req.correlationId,
    },
    deps.now(),
    account.approval.ttl_minutes,
  );
  const msg = planMessage({
    ...view(req, plan),
    state: 'awaiting',
    approvalId: record.id,
    expiresAt: record.expiresAt,
  });
  const posted = await deps.notifier.post(channel, { ...msg, thread_ts: req.threadTs });
  await store.setMessage(record.id, posted.channel, posted.ts);
  await store.setPlan(record.id, plan, account.approval.ttl_minutes * 60 + 7 * 24 * 3600);
  await recordRequest(deps, req, 'awaiting-approval', { approvalId: record.id });
  await deps.queues.add(
    QUEUE.query,
    'approval-expire',
    { correlationId: req.correlationId, approvalId: record.id },
    {
      jobId: `expire-${record.id}`,
      delay: Math.max(0, record.expiresAt - deps.now().getTime()) + 1000,
      attempts: 3,
    },
  );
  return { id: record.id, state: 'awaiting-approval' };
}

async function runNow(
  deps: Deps,
  account: Account,
  req: OperationRequest,
  plan: OperationPlan,
  instance?: InstanceInfo,
): Promise<OperationStarted> {
  const channel = channelFor(deps, account, req);
  const posted = await deps.notifier.post(channel, {
    ...planMessage({ ...view(req, plan), state: 'queued' }),
    thread_ts: req.threadTs,
  });
  const payload: OpJobPayload = {
    correlationId: req.correlationId,
    requester: req.requester,
    approver: req.preApproved?.by && req.preApproved.by !== req.requester ? req.preApproved.by : undefined,
    account: account.alias,
    region: req.region,
    instanceId: instance?.id,
    params: { ...req.params, ...(instance?.name ? { name: instance.name } : {}) },
    channel: posted.channel,
    messageTs: posted.ts,
    threadTs: req.threadTs,
    title: plan.title,
    responseUrl: req.responseUrl,
  };
  const id = await enqueueOperation(deps, req.op, payload, `op-${req.idempotencyKey ?? req.correlationId}`);
  return { id, state: 'queued' };
}

function channelFor(deps: Deps, account: Account, req: OperationRequest): string {
  const channel = req.channel ?? account.alert_channel ?? deps.config.defaultAlertChannel;
  if (!channel)
    throw new AppError(
      ErrorCode.BadInput,
      `No channel to post the plan in: set alert_channel for ${account.alias}.`,
    );
  return channel;
}

/** To the requester: through response_url when there is one, else in the channel. */
export async function answer(
  deps: Deps,
  req: Pick<OperationRequest, 'responseUrl' | 'channel' | 'account' | 'threadTs'>,
  msg: SlackMessage,
): Promise<void> {
  if (req.responseUrl) {
    await deps.responder.respond(req.responseUrl, {
      ...msg,
      response_type: 'ephemeral',
      replace_original: false,
    });
    return;
  }
  const account = deps.config.accounts.get(req.account);
  const channel = req.channel ?? account?.alert_channel ?? deps.config.defaultAlertChannel;
  if (channel) await deps.notifier.post(channel, { ...msg, thread_ts: req.threadTs });
}

async function offerRefs(
  deps: Deps,
  req: OperationRequest,
  plan: OperationPlan,
): Promise<{ op: string; refId: string }[]> {
  if (!plan.offer?.length || !req.instanceId || !req.region) return [];
  return Promise.all(
    plan.offer.map(async (op) => {
      const ref: OpRef = {
        kind: 'op',
        op,
        account: req.account,
        region: req.region ?? '',
        instanceId: req.instanceId ?? '',
        channel: req.channel,
        origin: req.origin,
      };
      return { op, refId: await deps.refs.put(ref) };
    }),
  );
}
