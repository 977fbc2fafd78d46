import { countAlert } from '../../src/alerts/counters';
import type { Deps } from '../../src/deps';
import { isKnownEventType } from '../../src/domain/awsEvent';
import type { IngestBatcher } from './ingestBatcher';

/** A verified event: known types go on `alerts`; unknown ones are counted and acknowledged (202). */
export async function enqueueEvent(
  deps: Deps,
  batcher: IngestBatcher,
  event: unknown,
  via: 'eventbridge' | 'sns',
  bytes: number,
): Promise<{ status: 202; body: { status: string; id?: string } }> {
  if (!isKnownEventType(event)) {
    await countAlert(deps, 'unknown-type');
    const e = event as { source?: unknown; 'detail-type'?: unknown };
    deps.log.info(
      { via, source: String(e?.source), type: String(e?.['detail-type']) },
      'webhook: event type not handled',
    );
    return { status: 202, body: { status: 'ignored' } };
  }
  const id = await batcher.add(event, bytes);
  return { status: 202, body: { status: 'queued', id } };
}
