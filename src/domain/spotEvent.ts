import { type AlertSignal, INSTANCE_ID, type ParsedEvent } from './alertSignal';
import { parseAwsTime } from './rfc1123';

type Obj = Record<string, unknown>;

export const SPOT_INTERRUPTION = 'spot-interruption';
export const SPOT_REBALANCE = 'spot-rebalance';

const ACTION_TEXT: Record<string, string> = {
  terminate: 'EC2 will terminate it in about two minutes',
  stop: 'EC2 will stop it in about two minutes',
  hibernate: 'EC2 is hibernating it now',
};

/**
 * "EC2 Spot Instance Interruption Warning" (detail `instance-id`, `instance-action`: terminate | stop |
 * hibernate — https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html)
 * and "EC2 Instance Rebalance Recommendation" (detail `instance-id` —
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/rebalance-recommendations.html). Informational:
 * nothing the on-call can stop; the alert says what EC2 will do and when.
 */
export function parseSpotEvent(ev: Obj, now: Date): ParsedEvent {
  const d = (ev.detail ?? {}) as Obj;
  const instanceId = d['instance-id'];
  if (typeof instanceId !== 'string' || !INSTANCE_ID.test(instanceId))
    return { kind: 'ignored', reason: 'spot-malformed' };
  const interruption = ev['detail-type'] === 'EC2 Spot Instance Interruption Warning';
  const type = interruption ? SPOT_INTERRUPTION : SPOT_REBALANCE;
  const action = typeof d['instance-action'] === 'string' ? d['instance-action'] : 'terminate';
  const accountId = typeof ev.account === 'string' ? ev.account : '';
  const at = (parseAwsTime(ev.time) ?? now).toISOString();
  const entityKey = `${type}|${instanceId}`;
  const signal: AlertSignal = {
    accountId,
    region: typeof ev.region === 'string' ? ev.region : 'us-east-1',
    kind: 'spot',
    type,
    entity: instanceId,
    instanceId,
    entityKind: 'instance',
    entityKey,
    dedupeKey: `${entityKey}|${at}`,
    state: 'open',
    statusText: interruption ? action : 'rebalance',
    urgent: false,
    info: true,
    at,
    description: interruption
      ? `${ACTION_TEXT[action] ?? `EC2 will ${action} it`} (Spot interruption).`
      : 'This Spot Instance is at elevated risk of interruption: move its work while it still runs.',
  };
  return { kind: 'signals', accountId, signals: [signal] };
}
