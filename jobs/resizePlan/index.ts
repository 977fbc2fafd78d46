import { resolveInstance } from '../../src/aws/instances';
import { ec2ResizeOps } from '../../src/aws/resizeOps';
import type { Deps } from '../../src/deps';
import { AppError, ErrorCode, userFacing } from '../../src/errors';
import { defineJob } from '../../src/jobDefinition';
import { resizeDryRun } from '../../src/ops/resizeDryRun';
import { planResize } from '../../src/ops/resizePlanner';
import { type OperationRequest, startOperation } from '../../src/opsApi';
import { QUEUE } from '../../src/queues';
import { resizePlanView } from '../../src/views/resize';
import { type ResizePlanPayload, resizePlanPayload } from './schema';

/** Hands a clean plan to the operations feature; its NotAvailable (or any safe refusal) is shown as is. */
async function request(deps: Deps, req: OperationRequest): Promise<string> {
  try {
    const started = await startOperation(deps, req);
    return started.state === 'awaiting-approval'
      ? `Sent for approval (request ${started.id}).`
      : `Queued as job ${started.id}.`;
  } catch (err) {
    if (err instanceof AppError && err.userMessage)
      return `:information_source: ${userFacing(err, req.correlationId)}`;
    throw err;
  }
}

async function run(deps: Deps, data: ResizePlanPayload): Promise<{ blocked: boolean; note: string }> {
  const account = deps.config.accounts.get(data.account);
  if (!account) throw new AppError(ErrorCode.UnknownAccount, `Unknown account ${data.account}.`);
  const actor = { requester: data.requester };
  const inst = await resolveInstance(deps.aws, account, account.regions, data.instance, actor);
  const req: OperationRequest = {
    op: 'resize',
    account: account.alias,
    region: inst.region,
    instanceId: inst.id,
    requester: data.requester,
    params: { targetType: data.targetType },
    dryRun: data.dryRun,
    channel: data.channel,
    responseUrl: data.responseUrl,
    origin: { kind: 'command' },
    correlationId: data.correlationId,
  };
  const plan = await planResize(deps, req, inst);
  const blocked = plan.blockers.length > 0;
  let note: string;
  let dryRun: Awaited<ReturnType<typeof resizeDryRun>> | undefined;
  if (data.dryRun) {
    const ops = ec2ResizeOps(deps.aws.ec2(account, inst.region, actor), account.alias, inst.region);
    dryRun = await resizeDryRun(ops, inst.id, data.targetType);
    note = 'Dry run: nothing was changed.';
  } else if (blocked) note = 'Blocked: nothing was requested. Fix the blockers and ask again.';
  else note = await request(deps, req);
  if (data.responseUrl)
    await deps.responder.respond(data.responseUrl, {
      ...resizePlanView(plan, { dryRun, note }),
      response_type: 'ephemeral',
    });
  return { blocked, note };
}

/** `/ec2 resize`: resolve the instance, preflight, answer with the plan; request the operation if clean. */
export const resizePlanJob = defineJob({
  queue: QUEUE.query,
  name: 'resize-plan',
  schema: resizePlanPayload,
  create: (deps) => async (data) => run(deps, data),
});
