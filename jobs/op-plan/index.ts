import { resolveInstance } from '../../src/aws/instances';
import { AppError, ErrorCode } from '../../src/errors';
import { defineJob } from '../../src/jobDefinition';
import { startOperation } from '../../src/opsApi';
import { QUEUE } from '../../src/queues';
import { opPlanPayload } from './schema';

/**
 * `/ec2 <op> <account> <instance>` (and `/ec2 snapshots <account> apply`) after the ack: resolves the instance in every region of the
 * account (unknown → the regions looked in; ambiguous Name → the candidates), then requests the
 * operation (plan message with Approve / Reject, a dry run, or a direct run).
 */
export const opPlanJob = defineJob({
  queue: QUEUE.query,
  name: 'op-plan',
  schema: opPlanPayload,
  create: (deps) => async (data) => {
    const account = deps.config.accounts.get(data.account);
    if (!account) throw new AppError(ErrorCode.UnknownAccount, `No account "${data.account}".`);
    if (!data.ref && data.op !== 'snapshots')
      throw new AppError(ErrorCode.BadInput, `Name the instance to ${data.op}.`);
    const instance = data.ref
      ? await resolveInstance(deps.aws, account, account.regions, data.ref, { requester: data.requester })
      : undefined;
    return startOperation(deps, {
      op: data.op,
      account: account.alias,
      region: instance?.region,
      instanceId: instance?.id,
      requester: data.requester,
      params: data.params,
      dryRun: data.dryRun,
      channel: data.channel,
      responseUrl: data.responseUrl,
      origin: { kind: 'command' },
      correlationId: data.correlationId,
      idempotencyKey: data.triggerId,
    });
  },
});
