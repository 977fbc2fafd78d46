import { opRefSchema } from '../../src/domain/opRef';
import { AppError, ErrorCode } from '../../src/errors';
import { reschedulePickerFor } from '../../src/ops/reschedulePick';
import { startOperation } from '../../src/opsApi';
import type { ActionHandler } from './types';

/**
 * An operation button (events, status, alerts, blocked plans): the value is a RefStore id of an OpRef.
 * Everything is checked again — the ref, the account, the user (in startOperation) and the instance.
 */
export const opAction: ActionHandler = async (input, deps) => {
  const parsed = opRefSchema.safeParse(await deps.refs.get(input.value));
  if (!parsed.success)
    throw new AppError(ErrorCode.BadInput, 'This button has expired; run the command again.');
  const ref = parsed.data;
  const account = deps.config.accounts.get(ref.account);
  if (!account)
    throw new AppError(ErrorCode.UnknownAccount, `Account ${ref.account} is no longer configured.`);
  if (ref.op === 'reschedule') {
    await reschedulePickerFor(deps, input, ref, input.value);
    return;
  }
  await startOperation(deps, {
    op: ref.op,
    account: account.alias,
    region: ref.region,
    instanceId: ref.instanceId,
    requester: input.userId,
    channel: input.channelId ?? ref.channel,
    // An ephemeral answer (events, status) has no visible parent to thread under: post top-level.
    threadTs: input.ephemeral ? undefined : (input.threadTs ?? input.messageTs),
    params: ref.targetType ? { targetType: ref.targetType } : undefined,
    responseUrl: input.responseUrl,
    origin: ref.origin ?? { kind: 'event' },
    correlationId: input.correlationId,
    idempotencyKey: input.triggerId,
  });
};
