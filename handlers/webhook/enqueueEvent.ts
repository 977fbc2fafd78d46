import { countAlert } from '../../src/alerts/counters';
import type { Deps } from '../../src/deps';
import { isKnownEventType } from '../../src/domain/awsEvent';
import { newCorrelationId } from '../../src/errors';
import { QUEUE } from '../../src/queues';

export const INGEST_JOB = 'alert-ingest';

/** A verified event: known types go on `alerts`; unknown ones are counted and acknowledged (202). */
export async function enqueueEvent(
  deps: Deps,
  event: unknown,
  via: 'eventbridge' | 'sns',
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
  const correlationId = newCorrelationId();
  await deps.queues.add(QUEUE.alerts, INGEST_JOB, { correlationId, via, event });
  return { status: 202, body: { status: 'queued', id: correlationId } };
}
