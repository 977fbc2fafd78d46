import { type AlertSignal, INSTANCE_ID, type ParsedEvent } from './alertSignal';
import { parseAwsTime } from './rfc1123';

type Obj = Record<string, unknown>;

/**
 * "EC2 Instance State-change Notification": `stopped`/`terminated` may be unexpected (the alert job
 * checks whether an operation of ours holds the instance); `running` closes the loop on a recover.
 * Transitional states say nothing new and are ignored.
 */
export function parseStateChangeEvent(ev: Obj, now: Date): ParsedEvent {
  const d = (ev.detail ?? {}) as Obj;
  const instanceId = d['instance-id'];
  const state = d.state;
  if (typeof instanceId !== 'string' || !INSTANCE_ID.test(instanceId)) {
    return { kind: 'ignored', reason: 'state-change-malformed' };
  }
  if (state !== 'stopped' && state !== 'terminated' && state !== 'running') {
    return { kind: 'ignored', reason: 'state-change-transitional' };
  }
  const accountId = typeof ev.account === 'string' ? ev.account : '';
  const at = (parseAwsTime(ev.time) ?? now).toISOString();
  const running = state === 'running';
  const signal: AlertSignal = {
    accountId,
    region: typeof ev.region === 'string' ? ev.region : 'us-east-1',
    kind: 'state-change',
    type: running ? 'instance-running' : 'unexpected-stop',
    entity: instanceId,
    instanceId,
    entityKey: running ? `running|${instanceId}` : `stop|${instanceId}|${at}`,
    dedupeKey: `state|${instanceId}|${state}|${at}`,
    state: running ? 'info' : 'open',
    statusText: state,
    urgent: !running,
    at,
  };
  return { kind: 'signals', accountId, signals: [signal] };
}
