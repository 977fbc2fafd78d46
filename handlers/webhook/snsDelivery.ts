import { countAlert } from '../../src/alerts/counters';
import type { WebDeps } from '../../src/deps';
import { parseBoundedJson } from '../../src/domain/boundedJson';
import { isTrustedSnsUrl, type SnsEnvelope } from '../../src/domain/snsMessage';
import { badJson } from './badJson';
import { enqueueEvent, type HttpAnswer } from './enqueueEvent';
import type { IngestBatcher } from './ingestBatcher';
import type { SnsHttp, SnsVerifier } from './snsVerifier';

const allowedTopic = (deps: WebDeps, topicArn: string): boolean =>
  [...deps.config.accounts.values()].some((a) => a.sns_topics.includes(topicArn));

/**
 * One SNS delivery whose body parsed as an envelope: verify the signature, refuse topics the config
 * does not list, confirm subscriptions to listed ones, unwrap the Message of a notification.
 */
export async function handleSnsDelivery(
  deps: WebDeps,
  m: SnsEnvelope,
  verifier: SnsVerifier,
  http: SnsHttp,
  batcher: IngestBatcher,
): Promise<HttpAnswer> {
  const log = deps.log.child({ via: 'sns', type: m.Type, topic: m.TopicArn, messageId: m.MessageId });
  const verdict = await verifier.verify(m);
  if (!verdict.ok) {
    await countAlert(deps, 'rejected-sns');
    log.warn({ reason: verdict.reason }, 'webhook: SNS message refused');
    return { status: 401, body: { error: 'invalid SNS signature' } };
  }
  if (!allowedTopic(deps, m.TopicArn)) {
    await countAlert(deps, 'rejected-sns');
    log.warn("webhook: SNS topic is not in any account's sns_topics; refused");
    return { status: 403, body: { error: 'topic not allowed' } };
  }
  if (m.Type === 'SubscriptionConfirmation') {
    if (!m.SubscribeURL || !isTrustedSnsUrl(m.SubscribeURL)) {
      log.warn('webhook: SubscribeURL not on sns.<region>.amazonaws.com; not confirming');
      return { status: 400, body: { error: 'bad SubscribeURL' } };
    }
    http.getText(m.SubscribeURL).then(
      () => log.info('webhook: SNS subscription confirmed'),
      (err: unknown) =>
        log.error({ err: { message: (err as Error).message } }, 'webhook: SNS confirmation failed'),
    );
    return { status: 202, body: { status: 'confirming' } };
  }
  if (m.Type === 'UnsubscribeConfirmation') {
    log.info('webhook: SNS unsubscribe confirmation received; nothing to do');
    return { status: 202, body: { status: 'ignored' } };
  }
  const event = parseBoundedJson(m.Message);
  if (!event.ok) return badJson(deps, event.reason, 'sns');
  return enqueueEvent(deps, batcher, event.value, 'sns', m.Message.length);
}
