import type { Deps } from '../deps';
import type { OpRef } from '../domain/opRef';
import { AppError, ErrorCode } from '../errors';
import { reschedulePicker } from '../views/operation';

/** Shows the date-time picker for a reschedule button (ephemeral, through the button's response_url). */
export async function reschedulePickerFor(
  deps: Deps,
  input: { responseUrl?: string },
  ref: OpRef,
  refId: string,
): Promise<void> {
  if (!ref.eventId) throw new AppError(ErrorCode.BadInput, 'This button does not name a scheduled event.');
  if (!ref.notBeforeDeadline) {
    throw new AppError(
      ErrorCode.Precondition,
      'AWS does not allow moving this event (it has no deadline to move within).',
    );
  }
  if (!input.responseUrl) return;
  const initial = new Date(deps.now().getTime() + 2 * 3600_000);
  const what = `${ref.eventId} on ${ref.instanceId}`;
  await deps.responder.respond(input.responseUrl, {
    ...reschedulePicker(refId, what, ref.notBeforeDeadline, initial),
    response_type: 'ephemeral',
    replace_original: false,
  });
}
