import { opRefSchema } from '../../src/domain/opRef';
import { AppError, ErrorCode } from '../../src/errors';
import { startOperation } from '../../src/opsApi';
import type { ActionHandler } from './types';

/** The picked time of a reschedule (`ec2.reschedule.pick#<ref id>`): request the reschedule operation. */
export const reschedulePickAction: ActionHandler = async (input, deps) => {
  const refId = input.actionId.split('#')[1] ?? '';
  const parsed = opRefSchema.safeParse(await deps.refs.get(refId));
  if (!parsed.success || parsed.data.op !== 'reschedule' || !parsed.data.eventId) {
    throw new AppError(ErrorCode.BadInput, 'This picker has expired; open the event again.');
  }
  if (!input.selectedDateTime) throw new AppError(ErrorCode.BadInput, 'Pick a date and time.');
  const ref = parsed.data;
  await startOperation(deps, {
    op: 'reschedule',
    account: ref.account,
    region: ref.region,
    instanceId: ref.instanceId,
    requester: input.userId,
    params: { eventId: ref.eventId, notBefore: new Date(input.selectedDateTime * 1000).toISOString() },
    channel: ref.channel ?? input.channelId,
    responseUrl: input.responseUrl,
    origin: ref.origin ?? { kind: 'event' },
    correlationId: input.correlationId,
    idempotencyKey: input.triggerId,
  });
};
