import { countAlert } from '../../src/alerts/counters';
import type { WebDeps } from '../../src/deps';
import { MAX_JSON_DEPTH } from '../../src/domain/boundedJson';
import type { HttpAnswer } from './enqueueEvent';

/**
 * 400 for a body (or SNS Message) that is not JSON or nests deeper than any AWS event: counted and
 * logged without the body. Refused here, it never reaches the ingest batch it would share with others.
 */
export async function badJson(
  deps: WebDeps,
  reason: 'malformed' | 'too-deep',
  via: 'eventbridge' | 'sns',
): Promise<HttpAnswer> {
  await countAlert(deps, reason === 'too-deep' ? 'rejected-too-deep' : 'rejected-malformed');
  deps.log.warn({ via, reason }, 'webhook: body refused');
  return reason === 'too-deep'
    ? { status: 400, body: { error: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` } }
    : { status: 400, body: { error: 'malformed JSON' } };
}
