import { parseAlarmEvent } from './alarmEvent';
import { isAlarmNotification, parseAlarmNotification } from './alarmNotification';
import type { ParsedEvent } from './alertSignal';
import { parseHealthEvent } from './healthEvent';
import { parseSpotEvent } from './spotEvent';
import { parseStateChangeEvent } from './stateChangeEvent';

type Obj = Record<string, unknown>;
type Parser = (ev: Obj, now: Date) => ParsedEvent;

/** The EventBridge events we understand, by `source` + `detail-type`. */
const PARSERS: Record<string, Parser> = {
  'aws.health|AWS Health Event': parseHealthEvent,
  'aws.cloudwatch|CloudWatch Alarm State Change': parseAlarmEvent,
  'aws.ec2|EC2 Instance State-change Notification': parseStateChangeEvent,
  'aws.ec2|EC2 Spot Instance Interruption Warning': parseSpotEvent,
  'aws.ec2|EC2 Instance Rebalance Recommendation': parseSpotEvent,
};

const typeOf = (ev: Obj): string => `${String(ev.source ?? '?')}|${String(ev['detail-type'] ?? '?')}`;

/**
 * What a delivery is, for counting the ones we do not handle: `source|detail-type` for EventBridge
 * events, `cloudwatch-alarm` for an SNS alarm notification, else a word for its shape.
 */
export function deliveryType(ev: unknown): string {
  if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) return 'not-an-object';
  if (isAlarmNotification(ev)) return 'cloudwatch-alarm';
  const o = ev as Obj;
  if (o.source === undefined && o['detail-type'] === undefined) return 'not-an-eventbridge-event';
  return typeOf(o);
}

/** Whether the web route should enqueue it (cheap: no parsing of the detail). */
export function isKnownEventType(ev: unknown): boolean {
  if (typeof ev !== 'object' || ev === null) return false;
  return typeOf(ev as Obj) in PARSERS || isAlarmNotification(ev);
}

/** An EventBridge event or SNS alarm notification → alert signals, an ignore reason, or "unknown". Pure. */
export function parseAwsEvent(ev: unknown, now: Date): ParsedEvent {
  if (typeof ev !== 'object' || ev === null || Array.isArray(ev))
    return { kind: 'unknown', type: 'not-an-object' };
  if (isAlarmNotification(ev)) return parseAlarmNotification(ev as Obj, now);
  const type = typeOf(ev as Obj);
  const parser = PARSERS[type];
  if (!parser) return { kind: 'unknown', type };
  return parser(ev as Obj, now);
}
