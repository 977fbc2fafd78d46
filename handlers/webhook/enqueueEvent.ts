import { countUnhandled } from '../../src/alerts/counters';
import type { WebDeps } from '../../src/deps';
import { deliveryType, isKnownEventType } from '../../src/domain/awsEvent';
import type { IngestBatcher } from './ingestBatcher';

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * A verified event: known types go on `alerts`; others are acknowledged (202: a retry would not help)
 * and counted by type, logged once per type.
 */
export async function enqueueEvent(
  deps: WebDeps,
  batcher: IngestBatcher,
  event: unknown,
  via: 'eventbridge' | 'sns',
  bytes: number,
): Promise<{ status: 202; body: { status: string; id?: string } }> {
  if (!isKnownEventType(event)) {
    await countUnhandled(deps, deliveryType(event), via);
    return { status: 202, body: { status: 'ignored' } };
  }
  const id = await batcher.add(event, bytes);
  return { status: 202, body: { status: 'queued', id } };
}
