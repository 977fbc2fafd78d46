import type { WebDeps } from '../../src/deps';
import { parseBoundedJson } from '../../src/domain/boundedJson';
import { asSnsEnvelope } from '../../src/domain/snsMessage';
import { badJson } from './badJson';
import { enqueueEvent, type HttpAnswer } from './enqueueEvent';
import { IngestBatcher } from './ingestBatcher';
import { handleSnsDelivery } from './snsDelivery';
import { fetchSnsHttp, type SnsHttp, SnsVerifier } from './snsVerifier';

/**
 * How a body came in: `eventbridge` — an event whose sender its transport already proved (the webhook's
 * token); `sns` — an SNS HTTP(S) delivery (the header said so): it must be an envelope, proved by its
 * signature; `queue` — an SQS message body: an SNS envelope when it has that shape (signature checked),
 * else the event itself (EventBridge target, or SNS raw message delivery), proved by the queue's policy.
 */
export type IngestKind = 'eventbridge' | 'sns' | 'queue';

/**
 * The one way an AWS delivery becomes `alerts` work, shared by POST /webhooks/aws and the SQS intake:
 * parse (bounded), unwrap and verify SNS, enqueue known types through one batcher. One per process, so
 * both sources fill the same batches. The answer is HTTP-shaped: 2xx = handled for good (queued,
 * ignored, confirming), anything else = not handled.
 */
export class AwsIngest {
  readonly batcher: IngestBatcher;
  private readonly verifier: SnsVerifier;

  constructor(
    private readonly deps: WebDeps,
    private readonly http: SnsHttp = fetchSnsHttp,
  ) {
    this.batcher = new IngestBatcher(deps);
    this.verifier = new SnsVerifier(http, deps.now);
  }

  async body(raw: string, bytes: number, kind: IngestKind): Promise<HttpAnswer> {
    const { deps } = this;
    const parsed = parseBoundedJson(raw);
    if (!parsed.ok) return badJson(deps, parsed.reason, kind === 'sns' ? 'sns' : 'eventbridge');
    const sns = kind === 'eventbridge' ? undefined : asSnsEnvelope(parsed.value);
    if (kind === 'sns' && !sns) return { status: 400, body: { error: 'not an SNS envelope' } };
    if (!sns) return enqueueEvent(deps, this.batcher, parsed.value, 'eventbridge', bytes);
    return handleSnsDelivery(deps, sns, this.verifier, this.http, this.batcher);
  }
}
