import { parseAlarmEvent } from './alarmEvent';
import type { ParsedEvent } from './alertSignal';
import { parseHealthEvent } from './healthEvent';
import { parseStateChangeEvent } from './stateChangeEvent';

type Obj = Record<string, unknown>;
type Parser = (ev: Obj, now: Date) => ParsedEvent;

/** The EventBridge events we understand, by `source` + `detail-type`. */
const PARSERS: Record<string, Parser> = {
  'aws.health|AWS Health Event': parseHealthEvent,
  'aws.cloudwatch|CloudWatch Alarm State Change': parseAlarmEvent,
  'aws.ec2|EC2 Instance State-change Notification': parseStateChangeEvent,
};

const typeOf = (ev: Obj): string => `${String(ev.source ?? '?')}|${String(ev['detail-type'] ?? '?')}`;

/** Whether the web route should enqueue it (cheap: no parsing of the detail). */
export function isKnownEventType(ev: unknown): boolean {
  return typeof ev === 'object' && ev !== null && typeOf(ev as Obj) in PARSERS;
}

/** An EventBridge event → alert signals, an ignore reason, or "unknown type". Pure. */
export function parseAwsEvent(ev: unknown, now: Date): ParsedEvent {
  if (typeof ev !== 'object' || ev === null || Array.isArray(ev))
    return { kind: 'unknown', type: 'not-an-object' };
  const type = typeOf(ev as Obj);
  const parser = PARSERS[type];
  if (!parser) return { kind: 'unknown', type };
  return parser(ev as Obj, now);
}
