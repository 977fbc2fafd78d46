import type { AlertSignal, ParsedEvent } from './alertSignal';
import { INSTANCE_ID } from './alertSignal';
import { parseAwsTime } from './rfc1123';

export const STATUS_CHECK_METRICS = [
  'StatusCheckFailed',
  'StatusCheckFailed_System',
  'StatusCheckFailed_Instance',
] as const;

type Obj = Record<string, unknown>;

interface MetricRef {
  name?: string;
  instanceId?: string;
}

/** The status-check metric and its InstanceId dimension, from `detail.configuration.metrics[]`. */
function metricOf(detail: Obj): MetricRef {
  const metrics = ((detail.configuration as Obj | undefined)?.metrics ?? []) as Obj[];
  for (const m of Array.isArray(metrics) ? metrics : []) {
    const metric = ((m?.metricStat as Obj | undefined)?.metric ?? {}) as Obj;
    const dims = (metric.dimensions ?? {}) as Obj;
    const name = typeof metric.name === 'string' ? metric.name : undefined;
    const id = typeof dims.InstanceId === 'string' ? dims.InstanceId : undefined;
    if (name && (STATUS_CHECK_METRICS as readonly string[]).includes(name)) return { name, instanceId: id };
  }
  return {};
}

/** "CloudWatch Alarm State Change" on a status-check metric: ALARM opens, OK resolves. */
export function parseAlarmEvent(ev: Obj, now: Date): ParsedEvent {
  const d = (ev.detail ?? {}) as Obj;
  const { name, instanceId } = metricOf(d);
  if (!name) return { kind: 'ignored', reason: 'alarm-not-status-check' };
  if (!instanceId || !INSTANCE_ID.test(instanceId)) return { kind: 'ignored', reason: 'alarm-no-instance' };
  const state = (d.state ?? {}) as Obj;
  const value = state.value;
  if (value !== 'ALARM' && value !== 'OK') return { kind: 'ignored', reason: 'alarm-insufficient-data' };
  const accountId = typeof ev.account === 'string' ? ev.account : '';
  const region = typeof ev.region === 'string' ? ev.region : 'us-east-1';
  const alarmName = typeof d.alarmName === 'string' ? d.alarmName : 'alarm';
  const resources = Array.isArray(ev.resources) ? (ev.resources as unknown[]) : [];
  const alarmArn = typeof resources[0] === 'string' ? resources[0] : `${accountId}:${region}:${alarmName}`;
  const at = parseAwsTime(state.timestamp) ?? parseAwsTime(ev.time) ?? now;
  const entityKey = `${alarmArn}|${instanceId}`;
  const signal: AlertSignal = {
    accountId,
    region,
    kind: 'status-check',
    type: name,
    entity: instanceId,
    instanceId,
    entityKey,
    dedupeKey: `${entityKey}|${value}|${at.toISOString()}`,
    state: value === 'ALARM' ? 'open' : 'resolved',
    statusText: value,
    urgent: value === 'ALARM',
    at: at.toISOString(),
    description: typeof state.reason === 'string' ? state.reason : undefined,
  };
  return { kind: 'signals', accountId, signals: [signal] };
}
