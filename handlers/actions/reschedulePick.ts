import { opRefSchema } from '../../src/domain/opRef';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { planFromButton } from './planFromButton';
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
  await planFromButton(deps, input, ref, {
    params: { eventId: ref.eventId, notBefore: new Date(input.selectedDateTime * 1000).toISOString() },
    channel: ref.channel ?? input.channelId,
  });
};
