import { AppError, ErrorCode } from '../../src/errors/appError';
import { OP_PLAN } from '../../src/jobs/opPlan';
import { resolveInstance } from '../../src/ops/instance';
import { SPECS } from '../../src/ops/operations';
import { startOperation } from '../../src/ops/request';
import { defineJob } from '../../src/process/jobDefinition';

/**
 * An operation from a command or a button, after the ack: finds the instance (a command's Name or id in
 * every region of the account: unknown → the regions looked in; ambiguous → the candidates), then
 * requests the operation (plan message with Approve / Reject, a dry run, or a direct run).
 */
export const opPlanJob = defineJob({
  ...OP_PLAN,
  create: (deps) => async (data) => {
    const account = deps.config.accounts.get(data.account);
    if (!account) throw new AppError(ErrorCode.UnknownAccount, `No account "${data.account}".`);
    const spec = SPECS[data.op];
    let region = data.region;
    let instanceId = data.instanceId;
    if (spec.scope === 'instance' && !instanceId) {
      if (!data.ref) throw new AppError(ErrorCode.BadInput, `Name the instance to ${data.op}.`);
      const found = await resolveInstance(deps, account, account.regions, data.ref, {
        requester: data.requester,
      });
      region = found.region;
      instanceId = found.id;
    }
    return startOperation(deps, {
      op: data.op,
      account: account.alias,
      region,
      instanceId,
      requester: data.requester,
      params: data.params,
      dryRun: data.dryRun,
      channel: data.channel,
      threadTs: data.threadTs,
      responseUrl: data.responseUrl,
      origin: data.origin,
      correlationId: data.correlationId,
      idempotencyKey: data.triggerId,
      label: data.label,
    });
  },
});
