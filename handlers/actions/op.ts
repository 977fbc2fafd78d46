import { opRefSchema } from '../../src/domain/opRef';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { reschedulePicker } from '../../src/views/operation';
import { planFromButton } from './planFromButton';
import type { ActionHandler } from './types';

/**
 * An operation button (events, status, alerts, nitro, blocked plans): the value is a RefStore id of an
 * OpRef. Web-side it only loads the ref and enqueues `op-plan`; the worker checks everything again —
 * the account, the user's rights, the instance — and plans. Reschedule first shows the picker.
 */
export const opAction: ActionHandler = async (input, deps) => {
  const parsed = opRefSchema.safeParse(await deps.refs.get(input.value));
  if (!parsed.success)
    throw new AppError(ErrorCode.BadInput, 'This button has expired; run the command again.');
  const ref = parsed.data;
  if (!deps.config.accounts.has(ref.account))
    throw new AppError(ErrorCode.UnknownAccount, `Account ${ref.account} is no longer configured.`);
  if (ref.op === 'reschedule') {
    if (!ref.eventId || !ref.notBeforeDeadline)
      throw new AppError(
        ErrorCode.Precondition,
        'AWS does not allow moving this event (it has no deadline to move within).',
      );
    if (!input.responseUrl) return;
    const initial = new Date(deps.now().getTime() + 2 * 3600_000);
    await deps.responder.respond(input.responseUrl, {
      ...reschedulePicker(input.value, `${ref.eventId} on ${ref.instanceId}`, ref.notBeforeDeadline, initial),
      response_type: 'ephemeral',
      replace_original: false,
    });
    return;
  }
  await planFromButton(deps, input, ref, {
    params: {
      ...(ref.targetType ? { targetType: ref.targetType } : {}),
      ...(ref.thenStart ? { thenStart: true } : {}),
    },
    channel: input.channelId ?? ref.channel,
    // An ephemeral answer (events, status) has no visible parent to thread under: post top-level.
    threadTs: input.ephemeral ? undefined : (input.threadTs ?? input.messageTs),
  });
};
