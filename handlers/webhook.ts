import express from 'express';
import { countAlert } from '../src/alerts/counters';
import type { Deps } from '../src/deps';
import { asSnsEnvelope } from '../src/domain/snsMessage';
import { enqueueEvent } from './webhook/enqueueEvent';
import { tokenMatches } from './webhook/eventbridgeToken';
import { IngestBatcher } from './webhook/ingestBatcher';
import { handleSnsDelivery } from './webhook/snsDelivery';
import { fetchSnsHttp, type SnsHttp, SnsVerifier } from './webhook/snsVerifier';

export const WEBHOOK_PATH = '/webhooks/aws';
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

export interface WebhookOptions {
  /** WEBHOOK_TOKEN; unset → EventBridge deliveries are refused. */
  token?: string;
  /** SNS certificate / SubscribeURL port (tests inject one). */
  snsHttp?: SnsHttp;
}

/**
 * POST /webhooks/aws — EventBridge API destinations (shared token) and SNS HTTP(S) subscriptions
 * (signature). Not Bolt: plain express. Validates, enqueues on `alerts`, answers 202 (< 1 s).
 */
export function webhookRoute(deps: Deps, opts: WebhookOptions): express.Router {
  const router = express.Router();
  const http = opts.snsHttp ?? fetchSnsHttp;
  const verifier = new SnsVerifier(http, deps.now);
  const batcher = new IngestBatcher(deps);
  if (!opts.token)
    deps.log.warn('WEBHOOK_TOKEN is not set: EventBridge deliveries to /webhooks/aws will be refused');
  router.post(
    WEBHOOK_PATH,
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req, res, next) => {
      try {
        const isSns = req.get('x-amz-sns-message-type') !== undefined;
        if (!isSns && !tokenMatches(req.get('x-ec2bot-token'), opts.token)) {
          await countAlert(deps, 'rejected-token');
          deps.log.warn(
            {
              reason: opts.token ? 'x-ec2bot-token does not match WEBHOOK_TOKEN' : 'WEBHOOK_TOKEN is not set',
            },
            'webhook: EventBridge delivery refused',
          );
          res.status(401).json({ error: 'unauthorized' });
          return;
        }
        let body: unknown;
        try {
          body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
        } catch {
          res.status(400).json({ error: 'malformed JSON' });
          return;
        }
        if (isSns) {
          const sns = asSnsEnvelope(body);
          const out = sns
            ? await handleSnsDelivery(deps, sns, verifier, http, batcher)
            : { status: 400, body: { error: 'not an SNS envelope' } };
          res.status(out.status).json(out.body);
          return;
        }
        const out = await enqueueEvent(deps, batcher, body, 'eventbridge', req.body.length);
        res.status(out.status).json(out.body);
      } catch (err) {
        next(err);
      }
    },
  );
  router.use(WEBHOOK_PATH, ((err, _req, res, _next) => {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: 'body over 256 KB' });
      return;
    }
    if (e.status === 400 || e.type === 'request.aborted') {
      res.status(400).json({ error: 'bad request' });
      return;
    }
    deps.log.error({ err }, 'webhook: could not enqueue');
    res.status(503).json({ error: 'try again' });
  }) as express.ErrorRequestHandler);
  return router;
}
