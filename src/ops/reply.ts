import type { Account } from '../config/types';
import type { Deps } from '../deps';
import type { OperationPlan } from '../domain/operationPlan';
import { AppError, ErrorCode } from '../errors/appError';
import type { SlackMessage } from '../slack/message';
import { opName } from './catalog';
import type { AnyOperationSpec, OperationRequest } from './spec';

/** The plan view's common fields for a request. */
export const view = (spec: AnyOperationSpec, req: OperationRequest, plan: OperationPlan) => ({
  op: opName(req.op, req.label),
  destructive: spec.destructive,
  account: req.account,
  region: req.region,
  plan,
  requester: req.requester,
});

/** Where the plan and progress go: the request's channel, else the account's alert channel. */
export function channelFor(deps: Deps, account: Account, req: Pick<OperationRequest, 'channel'>): string {
  const channel = req.channel ?? account.alert_channel ?? deps.config.defaultAlertChannel;
  if (!channel)
    throw new AppError(
      ErrorCode.BadInput,
      `No channel to post the plan in: set alert_channel for ${account.alias}.`,
    );
  return channel;
}

/** To the requester: through response_url when there is one, else in the channel. */
export async function answer(
  deps: Deps,
  req: Pick<OperationRequest, 'responseUrl' | 'channel' | 'account' | 'threadTs'>,
  msg: SlackMessage,
): Promise<void> {
  if (req.responseUrl) {
    await deps.responder.respond(req.responseUrl, {
      ...msg,
      response_type: 'ephemeral',
      replace_original: false,
    });
    return;
  }
  const account = deps.config.accounts.get(req.account);
  const channel = req.channel ?? account?.alert_channel ?? deps.config.defaultAlertChannel;
  if (channel) await deps.notifier.post(channel, { ...msg, thread_ts: req.threadTs });
}
