import { OP_PLAN } from '../../jobs/op-plan/schema';
import { opRefSchema } from '../../src/domain/opRef';
import { AppError, ErrorCode } from '../../src/errors';
import type { ActionHandler } from './types';

/** The picked time of a reschedule (`ec2.reschedule.pick#<ref id>`): the worker plans the reschedule. */
export const reschedulePickAction: ActionHandler = async (input, deps) => {
  const refId = input.actionId.split('#')[1] ?? '';
  const parsed = opRefSchema.safeParse(await deps.refs.get(refId));
  if (!parsed.success || parsed.data.op !== 'reschedule' || !parsed.data.eventId) {
    throw new AppError(ErrorCode.BadInput, 'This picker has expired; open the event again.');
  }
  if (!input.selectedDateTime) throw new AppError(ErrorCode.BadInput, 'Pick a date and time.');
  const ref = parsed.data;
  await deps.queues.enqueue(
    OP_PLAN,
    {
      correlationId: input.correlationId,
      requester: input.userId,
      responseUrl: input.responseUrl,
      channel: ref.channel ?? input.channelId,
      op: 'reschedule',
      account: ref.account,
      region: ref.region,
      instanceId: ref.instanceId,
      params: { eventId: ref.eventId, notBefore: new Date(input.selectedDateTime * 1000).toISOString() },
      origin: ref.origin ?? { kind: 'event' },
      triggerId: input.triggerId,
    },
    { jobId: `op-plan-${input.triggerId ?? input.correlationId}`.replace(/[^\w.-]/g, '_'), attempts: 2 },
  );
};
