import type { WebDeps } from '../../src/deps';
import type { OpRef } from '../../src/domain/opRef';
import { OP_PLAN } from '../../src/jobs/opPlan';
import type { ActionInput } from './types';

/**
 * A button's operation, handed to the worker: `op-plan` with the presser, the stored ref's instance and
 * where to answer (jobId from Slack's trigger id: a repeated delivery is one job). Never calls AWS.
 */
export function planFromButton(
  deps: WebDeps,
  input: ActionInput,
  ref: OpRef,
  o: { params: Record<string, unknown>; channel?: string; threadTs?: string },
): Promise<string> {
  return deps.queues.enqueue(
    OP_PLAN,
    {
      correlationId: input.correlationId,
      requester: input.userId,
      responseUrl: input.responseUrl,
      channel: o.channel,
      op: ref.op,
      account: ref.account,
      region: ref.region,
      instanceId: ref.instanceId,
      params: o.params,
      threadTs: o.threadTs,
      origin: ref.origin ?? { kind: 'event' },
      triggerId: input.triggerId,
      label: ref.label,
    },
    { jobId: `op-plan-${input.triggerId ?? input.correlationId}`.replace(/[^\w.-]/g, '_'), attempts: 2 },
  );
}
