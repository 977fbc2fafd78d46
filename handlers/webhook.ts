import express from 'express';
import { countAlert } from '../src/alerts/counters';
import type { WebDeps } from '../src/deps';
import type { HttpAnswer } from './webhook/enqueueEvent';
import { tokenMatches } from './webhook/eventbridgeToken';
import { AwsIngest } from './webhook/ingest';
import type { SnsHttp } from './webhook/snsVerifier';

export const WEBHOOK_PATH = '/webhooks/aws';
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

export interface WebhookOptions {
  /** WEBHOOK_TOKEN; unset → EventBridge deliveries are refused. */
  token?: string;
  /** SNS certificate / SubscribeURL port (tests inject one). */
  snsHttp?: SnsHttp;
  /** The process's one ingest (shared with the SQS intake); made here when not given. */
  ingest?: AwsIngest;
}

interface Delivery {
  raw: Buffer;
  snsType?: string;
  token?: string;
}

interface Ctx {
  deps: WebDeps;
  opts: WebhookOptions;
  ingest: AwsIngest;
}

/** SNS deliveries prove themselves by signature; everything else by the shared token. */
async function handleDelivery(ctx: Ctx, d: Delivery): Promise<HttpAnswer> {
  const { deps, opts } = ctx;
  const isSns = d.snsType !== undefined;
  if (!isSns && !tokenMatches(d.token, opts.token)) {
    await countAlert(deps, 'rejected-token');
    const reason = opts.token ? 'x-ec2bot-token does not match WEBHOOK_TOKEN' : 'WEBHOOK_TOKEN is not set';
    deps.log.warn({ reason }, 'webhook: EventBridge delivery refused');
    return { status: 401, body: { error: 'unauthorized' } };
  }
  return ctx.ingest.body(d.raw.toString('utf8'), d.raw.length, isSns ? 'sns' : 'eventbridge');
}

/** Body over the limit → 413; unreadable body → 400; anything else (Redis down) → 503, logged. */
const webhookErrors =
  (deps: WebDeps): express.ErrorRequestHandler =>
  (err, _req, res, _next) => {
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
  };

/**
 * POST /webhooks/aws — EventBridge API destinations (shared token) and SNS HTTP(S) subscriptions
 * (signature). Not Bolt: plain express. Validates, enqueues on `alerts`, answers 202 (< 1 s).
 */
export function webhookRoute(deps: WebDeps, opts: WebhookOptions): express.Router {
  const ctx: Ctx = { deps, opts, ingest: opts.ingest ?? new AwsIngest(deps, opts.snsHttp) };
  if (!opts.token)
    deps.log.warn('WEBHOOK_TOKEN is not set: EventBridge deliveries to /webhooks/aws will be refused');
  const router = express.Router();
  router.post(
    WEBHOOK_PATH,
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req, res, next) => {
      try {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const out = await handleDelivery(ctx, {
          raw,
          snsType: req.get('x-amz-sns-message-type'),
          token: req.get('x-ec2bot-token'),
        });
        res.status(out.status).json(out.body);
      } catch (err) {
        next(err);
      }
    },
  );
  router.use(WEBHOOK_PATH, webhookErrors(deps));
  return router;
}
