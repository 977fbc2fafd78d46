import type { AlertSignal, ParsedEvent } from './alertSignal';
import { INSTANCE_ID } from './alertSignal';
import { parseAwsTime } from './rfc1123';

/**
 * EC2's three status checks as CloudWatch metrics (plus the combined one). `_AttachedEBS` is the
 * attached-EBS check: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-system-instance-status-check.html
 */
export const STATUS_CHECK_METRICS = [
  'StatusCheckFailed',
  'StatusCheckFailed_System',
  'StatusCheckFailed_Instance',
  'StatusCheckFailed_AttachedEBS',
] as const;

type Obj = Record<string, unknown>;

export const isStatusCheckMetric = (name: string | undefined): boolean =>
  !!name && (STATUS_CHECK_METRICS as readonly string[]).includes(name);

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
    if (isStatusCheckMetric(name)) return { name, instanceId: id };
  }
  return {};
}

/** What both alarm deliveries (EventBridge state change, SNS notification) say, once read. */
export interface AlarmFacts {
  accountId: string;
  region: string;
  alarmArn: string;
  metric: string;
  instanceId: string;
  value: 'ALARM' | 'OK';
  at: Date;
  reason?: string;
}

/** A status-check alarm as a signal: ALARM opens (urgent), OK resolves; the alarm ARN keys the entity. */
export function alarmSignal(f: AlarmFacts): AlertSignal {
  const entityKey = `${f.alarmArn}|${f.instanceId}`;
  return {
    accountId: f.accountId,
    region: f.region,
    kind: 'status-check',
    type: f.metric,
    entity: f.instanceId,
    instanceId: f.instanceId,
    entityKey,
    dedupeKey: `${entityKey}|${f.value}|${f.at.toISOString()}`,
    state: f.value === 'ALARM' ? 'open' : 'resolved',
    statusText: f.value,
    urgent: f.value === 'ALARM',
    at: f.at.toISOString(),
    description: f.reason,
  };
}

/** "CloudWatch Alarm State Change" (EventBridge) on a status-check metric: ALARM opens, OK resolves. */
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
  const reason = typeof state.reason === 'string' ? state.reason : undefined;
  const signal = alarmSignal({ accountId, region, alarmArn, metric: name, instanceId, value, at, reason });
  return { kind: 'signals', accountId, signals: [signal] };
}
