import { randomUUID } from 'node:crypto';
import type { FleetInstance } from '../fleet';

export interface AlertSample {
  key: string;
  label: string;
  build(now: Date): Record<string, unknown>;
  /** `sns`: delivered as Amazon SNS does (a signed envelope, no token) — the alarm-action path. */
  via?: 'sns';
}

const H = 3600_000;
/** AWS Health times are RFC 1123 strings: "Thu, 27 Aug 2026 13:19:03 GMT". */
const rfc1123 = (d: Date): string => d.toUTCString();
const instanceArn = (i: FleetInstance): string => `arn:aws:ec2:${i.region}:${i.accountId}:instance/${i.id}`;

/** The envelope every EventBridge event has. */
const envelope = (source: string, detailType: string, i: FleetInstance, now: Date, resources: string[]) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': detailType,
  source,
  account: i.accountId,
  time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: i.region,
  resources,
});

function health(i: FleetInstance, code: string, category: string, startInMs: number, text: string) {
  return (now: Date) => {
    const arn = `arn:aws:health:${i.region}::event/EC2/${code}/${code}_${randomUUID().slice(0, 8)}`;
    return {
      ...envelope('aws.health', 'AWS Health Event', i, now, [i.id]),
      detail: {
        eventArn: arn,
        service: 'EC2',
        eventScopeCode: 'ACCOUNT_SPECIFIC',
        communicationId: randomUUID(),
        lastUpdatedTime: rfc1123(now),
        statusCode: startInMs > 0 ? 'upcoming' : 'open',
        eventRegion: i.region,
        eventTypeCode: code,
        eventTypeCategory: category,
        startTime: rfc1123(new Date(now.getTime() + startInMs)),
        eventDescription: [{ language: 'en_US', latestDescription: text }],
        // A full ARN, as Health sends for some event types (the bot must take both forms).
        affectedEntities: [{ entityValue: instanceArn(i), lastUpdatedTime: rfc1123(now), status: 'PENDING' }],
        affectedAccount: i.accountId,
        page: '1',
        totalPages: '1',
      },
    };
  };
}

function alarm(i: FleetInstance, metric: string, value: 'ALARM' | 'OK') {
  return (now: Date) => {
    const name = `${i.name}-${metric}`.replace(/[^\w.-]/g, '-');
    const stamp = now.toISOString().replace('Z', '+0000');
    return {
      ...envelope('aws.cloudwatch', 'CloudWatch Alarm State Change', i, now, [
        `arn:aws:cloudwatch:${i.region}:${i.accountId}:alarm:${name}`,
      ]),
      detail: {
        alarmName: name,
        state: {
          value,
          reason:
            value === 'ALARM'
              ? 'Threshold Crossed: 2 out of the last 2 datapoints were greater than or equal to the threshold (1.0).'
              : 'Threshold Crossed: 1 datapoint [0.0] was not greater than or equal to the threshold (1.0).',
          timestamp: stamp,
        },
        previousState: { value: value === 'ALARM' ? 'OK' : 'ALARM', timestamp: stamp },
        configuration: {
          metrics: [
            {
              id: 'm1',
              metricStat: {
                metric: { namespace: 'AWS/EC2', name: metric, dimensions: { InstanceId: i.id } },
                period: 60,
                stat: 'Maximum',
              },
              returnData: true,
            },
          ],
        },
      },
    };
  };
}

/**
 * A CloudWatch alarm notification as an alarm action sends it to SNS: the alarm's own JSON (shape of
 * aws/aws-lambda-go events/testdata/cloudwatch-alarm-sns-payload-single-metric.json).
 */
function alarmNotification(i: FleetInstance, metric: string) {
  return (now: Date) => {
    const name = `${i.name}-${metric}`.replace(/[^\w.-]/g, '-');
    return {
      AlarmName: name,
      AlarmDescription: `${metric} of ${i.name}`,
      AWSAccountId: i.accountId,
      NewStateValue: 'ALARM',
      NewStateReason:
        'Threshold Crossed: 1 out of the last 1 datapoints [1.0] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
      StateChangeTime: now.toISOString().replace('Z', '+0000'),
      Region: 'US East (N. Virginia)',
      AlarmArn: `arn:aws:cloudwatch:${i.region}:${i.accountId}:alarm:${name}`,
      OldStateValue: 'OK',
      Trigger: {
        MetricName: metric,
        Namespace: 'AWS/EC2',
        StatisticType: 'Statistic',
        Statistic: 'MAXIMUM',
        Unit: null,
        Dimensions: [{ value: i.id, name: 'InstanceId' }],
        Period: 60,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1.0,
        TreatMissingData: 'missing',
      },
    };
  };
}

/** A public (region-wide) EC2 issue, as in the AWS Health "public events" example: no entities. */
function publicIssue(i: FleetInstance, text: string) {
  return (now: Date) => ({
    ...envelope('aws.health', 'AWS Health Event', i, now, []),
    detail: {
      eventArn: `arn:aws:health:${i.region}::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_${randomUUID().slice(0, 8)}`,
      service: 'EC2',
      eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
      eventTypeCategory: 'issue',
      eventScopeCode: 'PUBLIC',
      communicationId: randomUUID(),
      startTime: rfc1123(now),
      lastUpdatedTime: rfc1123(now),
      statusCode: 'open',
      eventRegion: i.region,
      eventDescription: [{ language: 'en_US', latestDescription: text }],
      page: '1',
      totalPages: '1',
      affectedAccount: i.accountId,
    },
  });
}

function stateChange(i: FleetInstance, state: string) {
  return (now: Date) => ({
    ...envelope('aws.ec2', 'EC2 Instance State-change Notification', i, now, [instanceArn(i)]),
    detail: { 'instance-id': i.id, state },
  });
}

/** The "fire an alert" menu: real-format EventBridge events about instances of the seeded fleet. */
export function alertSamples(fleet: FleetInstance[]): AlertSample[] {
  const pick = (name: string): FleetInstance => {
    const i = fleet.find((x) => x.name === name);
    if (!i) throw new Error(`demo fleet has no ${name}`);
    return i;
  };
  const web3 = pick('web-3');
  const api2 = pick('api-2');
  const worker1 = pick('worker-1');
  const stgApi = pick('stg-api');
  const web4 = pick('web-4');
  const db = pick('db-primary');
  return [
    {
      key: 'sns-alarm',
      label: `SNS: CloudWatch alarm notification (alarm action) StatusCheckFailed_System on prod ${web4.name}`,
      build: alarmNotification(web4, 'StatusCheckFailed_System'),
      via: 'sns',
    },
    {
      key: 'alarm-attached-ebs',
      label: `CloudWatch: StatusCheckFailed_AttachedEBS ALARM on prod ${db.name}`,
      build: alarm(db, 'StatusCheckFailed_AttachedEBS', 'ALARM'),
    },
    {
      key: 'health-public',
      label: 'Health: public EC2 operational issue in us-east-1 (region-wide, every account there)',
      build: publicIssue(
        web4,
        'We are investigating increased API error rates and latencies for Amazon EC2 in the US-EAST-1 Region.',
      ),
    },
    {
      key: 'alarm-system',
      label: `CloudWatch: StatusCheckFailed_System ALARM on prod ${web3.name}`,
      build: alarm(web3, 'StatusCheckFailed_System', 'ALARM'),
    },
    {
      key: 'alarm-ok',
      label: `CloudWatch: StatusCheckFailed_System back to OK on prod ${web3.name}`,
      build: alarm(web3, 'StatusCheckFailed_System', 'OK'),
    },
    {
      key: 'health-retirement',
      label: `Health: instance retirement in 12 h on prod ${api2.name}`,
      build: health(
        api2,
        'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
        'scheduledChange',
        12 * H,
        'EC2 has detected degradation of the underlying hardware hosting your instance. It will be stopped.',
      ),
    },
    {
      key: 'health-issue',
      label: `Health: operational issue affecting prod ${worker1.name}`,
      build: health(
        worker1,
        'AWS_EC2_OPERATIONAL_ISSUE',
        'issue',
        0,
        'We are investigating increased network latency in a single Availability Zone.',
      ),
    },
    {
      key: 'state-stopped',
      label: `EC2: staging ${stgApi.name} stopped unexpectedly`,
      build: stateChange(stgApi, 'stopped'),
    },
  ];
}
