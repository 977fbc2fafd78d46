import { fixture } from './alertsKit';

let seq = 0;
/** A fresh instance id per call, so tests sharing one Redis prefix never share alerts. */
export const newInstanceId = (): string =>
  `i-0${(Date.now().toString(16) + (++seq).toString(16).padStart(5, '0')).padStart(16, '0').slice(-16)}`;

/** The captured alarm fixture for another instance / state / time / account. */
export function alarmEvent(o: {
  instanceId: string;
  value: 'ALARM' | 'OK';
  at: string;
  account?: string;
  metric?: string;
}): Record<string, any> {
  const ev = fixture('alarm-system-alarm.json');
  const account = o.account ?? '111111111111';
  ev.account = account;
  ev.id = `${o.instanceId}-${o.value}-${o.at}`;
  ev.resources = [`arn:aws:cloudwatch:us-east-1:${account}:alarm:${o.instanceId}-check`];
  ev.detail.alarmName = `${o.instanceId}-check`;
  ev.detail.state = { value: o.value, reason: `state ${o.value}`, timestamp: o.at };
  ev.detail.configuration.metrics[0].metricStat.metric.dimensions.InstanceId = o.instanceId;
  if (o.metric) ev.detail.configuration.metrics[0].metricStat.metric.name = o.metric;
  return ev;
}

/** The captured Health fixture with other entities (ids or ARNs), page and start time. */
export function healthEvent(o: {
  entities: string[];
  account?: string;
  eventArn?: string;
  page?: number;
  totalPages?: number;
  start?: string;
  code?: string;
  updated?: string;
}): Record<string, any> {
  const ev = fixture('health-retirement.json');
  const d = ev.detail;
  ev.account = o.account ?? '111111111111';
  d.affectedAccount = ev.account;
  if (o.eventArn) d.eventArn = o.eventArn;
  if (o.code) d.eventTypeCode = o.code;
  if (o.start) d.startTime = o.start;
  if (o.updated) d.lastUpdatedTime = o.updated;
  d.page = String(o.page ?? 1);
  d.totalPages = String(o.totalPages ?? 1);
  d.affectedEntities = o.entities.map((entityValue) => ({ entityValue }));
  ev.resources = o.entities;
  return ev;
}
