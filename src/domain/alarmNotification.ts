import { alarmSignal, isStatusCheckMetric } from './alarmEvent';
import { INSTANCE_ID, type ParsedEvent } from './alertSignal';
import { parseAwsTime } from './rfc1123';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * A CloudWatch alarm notification as an alarm action sends it to SNS: the SNS Message is the alarm's
 * own JSON (AlarmName, AWSAccountId, NewStateValue, NewStateReason, StateChangeTime, AlarmArn,
 * Trigger.MetricName + Trigger.Dimensions [{name, value}], or Trigger.Metrics[] for metric math).
 * Shape as in aws/aws-lambda-go events/testdata/cloudwatch-alarm-sns-payload-{single,multiple}-metric(s).json.
 * `Region` is a display name ("US East (N. Virginia)"); the region comes from AlarmArn.
 */
export function isAlarmNotification(ev: unknown): boolean {
  if (typeof ev !== 'object' || ev === null) return false;
  const o = ev as Obj;
  return (
    typeof o.AlarmName === 'string' && typeof o.NewStateValue === 'string' && typeof o.Trigger === 'object'
  );
}

interface Metric {
  name?: string;
  instanceId?: string;
}

const dimensionsOf = (dims: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const d of Array.isArray(dims) ? (dims as Obj[]) : []) {
    const name = str(d?.name) ?? str(d?.Name);
    const value = str(d?.value) ?? str(d?.Value);
    if (name && value) out[name] = value;
  }
  return out;
};

/** The status-check metric of the trigger: `MetricName` + `Dimensions`, or the first of `Metrics[]`. */
function triggerMetric(t: Obj): Metric {
  const single = str(t.MetricName);
  if (single) return { name: single, instanceId: dimensionsOf(t.Dimensions).InstanceId };
  for (const m of Array.isArray(t.Metrics) ? (t.Metrics as Obj[]) : []) {
    const metric = ((m?.MetricStat as Obj | undefined)?.Metric ?? {}) as Obj;
    const name = str(metric.MetricName);
    if (isStatusCheckMetric(name)) return { name, instanceId: dimensionsOf(metric.Dimensions).InstanceId };
  }
  return {};
}

const ARN = /^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:/;

export function parseAlarmNotification(ev: Obj, now: Date): ParsedEvent {
  const { name, instanceId } = triggerMetric((ev.Trigger ?? {}) as Obj);
  if (!isStatusCheckMetric(name)) return { kind: 'ignored', reason: 'alarm-not-status-check' };
  if (!instanceId || !INSTANCE_ID.test(instanceId)) return { kind: 'ignored', reason: 'alarm-no-instance' };
  const value = ev.NewStateValue;
  if (value !== 'ALARM' && value !== 'OK') return { kind: 'ignored', reason: 'alarm-insufficient-data' };
  const arn = ARN.exec(str(ev.AlarmArn) ?? '');
  const accountId = str(ev.AWSAccountId) ?? arn?.[2] ?? '';
  if (!/^\d{12}$/.test(accountId)) return { kind: 'ignored', reason: 'alarm-malformed' };
  const region = arn?.[1] ?? 'us-east-1';
  const alarmArn = str(ev.AlarmArn) ?? `${accountId}:${region}:${str(ev.AlarmName)}`;
  const at = parseAwsTime(ev.StateChangeTime) ?? now;
  const signal = alarmSignal({
    accountId,
    region,
    alarmArn,
    metric: name as string,
    instanceId,
    value,
    at,
    reason: str(ev.NewStateReason),
  });
  return { kind: 'signals', accountId, signals: [signal] };
}
