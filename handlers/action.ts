import type { App, BlockAction } from '@slack/bolt';
import type { WebDeps } from '../src/deps';
import { AppError, newCorrelationId } from '../src/errors/appError';
import { type ActionId, baseActionId } from '../src/views/actionIds';
import { errorView } from '../src/views/error';
import { ACTIONS } from './actions';
import type { ActionInput } from './actions/types';

/** Every `ec2.*` button: ack at once, then dispatch; failures answer with a safe message and an id. */
export function registerActions(app: App, deps: WebDeps): void {
  app.action<BlockAction>(/^ec2\./, async ({ ack, body, action }) => {
    await ack();
    const correlationId = newCorrelationId();
    const a = action as { action_id: string; value?: string; selected_date_time?: number };
    const input: ActionInput = {
      actionId: a.action_id,
      value: a.value ?? '',
      userId: body.user.id,
      channelId: body.channel?.id ?? body.container?.channel_id,
      messageTs: body.message?.ts ?? body.container?.message_ts,
      ephemeral: (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true,
      threadTs: (body.message as { thread_ts?: string } | undefined)?.thread_ts,
      responseUrl: body.response_url,
      triggerId: body.trigger_id,
      selectedDateTime: a.selected_date_time,
      correlationId,
    };
    const log = deps.log.child({ cid: correlationId, user: input.userId, action: input.actionId });
    const handler = ACTIONS[baseActionId(input.actionId) as ActionId];
    if (!handler) {
      log.warn('no handler for action');
      return;
    }
    try {
      await deps.registry.syncOrKeep(log);
      await handler(input, deps);
      log.info({ outcome: 'ok' }, 'action');
    } catch (err) {
      log[err instanceof AppError && err.userMessage ? 'info' : 'error']({ err }, 'action failed');
      if (input.responseUrl) {
        await deps.responder
          .respond(input.responseUrl, {
            ...errorView(err, correlationId),
            response_type: 'ephemeral',
            replace_original: false,
          })
          .catch(() => {});
      }
    }
  });
}
