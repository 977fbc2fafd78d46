import { deliveryType, isKnownEventType, parseAwsEvent } from '../../src/domain/awsEvent';
import { expandPublicSignal } from '../../src/domain/publicEvent';
import { fixture } from '../helpers/alertsKit';

const NOW = new Date('2026-08-27T14:00:00Z');
const signalsOf = (ev: unknown) => {
  const p = parseAwsEvent(ev, NOW);
  if (p.kind !== 'signals') throw new Error(`expected signals, got ${JSON.stringify(p)}`);
  return p.signals;
};

describe('CloudWatch alarm notification sent to SNS by an alarm action', () => {
  it('is recognised by its shape and read like the EventBridge alarm (same entity and dedupe keys)', () => {
    const n = fixture('sns-alarm-notification.json');
    expect(isKnownEventType(n)).toBe(true);
    const [s] = signalsOf(n);
    const [eb] = signalsOf(fixture('alarm-system-alarm.json'));
    expect(s).toMatchObject({
      accountId: '111111111111',
      region: 'us-east-1',
      type: 'StatusCheckFailed_System',
      instanceId: 'i-0abc1234def567890',
      state: 'open',
      urgent: true,
      at: '2026-08-27T17:04:40.989Z',
    });
    expect(s?.entityKey).toBe(eb?.entityKey);
    expect(s?.dedupeKey).toBe(eb?.dedupeKey);
    expect(s?.description).toContain('Threshold Crossed');
  });

  it('reads a metric-math alarm (Trigger.Metrics[]) and the attached-EBS metric', () => {
    const [s] = signalsOf(fixture('sns-alarm-notification-metrics.json'));
    expect(s).toMatchObject({
      type: 'StatusCheckFailed_AttachedEBS',
      instanceId: 'i-0abc1234def567890',
      urgent: true,
    });
  });

  it('OK resolves; INSUFFICIENT_DATA and other metrics are ignored, not unknown', () => {
    const ok = { ...fixture('sns-alarm-notification.json'), NewStateValue: 'OK' };
    expect(signalsOf(ok)[0]).toMatchObject({ state: 'resolved', urgent: false });
    const nodata = { ...fixture('sns-alarm-notification.json'), NewStateValue: 'INSUFFICIENT_DATA' };
    expect(parseAwsEvent(nodata, NOW)).toEqual({ kind: 'ignored', reason: 'alarm-insufficient-data' });
    const cpu = fixture('sns-alarm-notification.json');
    cpu.Trigger.MetricName = 'CPUUtilization';
    expect(parseAwsEvent(cpu, NOW)).toEqual({ kind: 'ignored', reason: 'alarm-not-status-check' });
  });
});

describe('attached EBS, public, Dedicated Host, automatic recovery, Spot', () => {
  it('StatusCheckFailed_AttachedEBS via EventBridge is an urgent status-check signal', () => {
    expect(signalsOf(fixture('alarm-attached-ebs.json'))[0]).toMatchObject({
      kind: 'status-check',
      type: 'StatusCheckFailed_AttachedEBS',
      urgent: true,
    });
  });

  it('a public Health event without entities is one region notice, fanned out to managed accounts there', () => {
    const [s] = signalsOf(fixture('health-public-issue.json'));
    expect(s).toMatchObject({
      entityKind: 'region',
      entity: 'us-east-1',
      scope: 'public',
      urgent: false,
      state: 'open',
    });
    const copies = expandPublicSignal(s!, [
      { id: '111111111111', regions: ['us-east-1'] },
      { id: '222222222222', regions: ['us-east-1', 'eu-west-1'] },
      { id: '333333333333', regions: ['eu-west-1'] },
    ]);
    expect(copies.map((c) => c.accountId)).toEqual(['111111111111', '222222222222']);
    expect(new Set(copies.map((c) => c.dedupeKey)).size).toBe(2);
    // the same event received through another account's rule is the same notice (dedupe)
    const again = fixture('health-public-issue.json');
    again.account = '222222222222';
    again.detail.affectedAccount = '222222222222';
    const copies2 = expandPublicSignal(signalsOf(again)[0]!, [
      { id: '111111111111', regions: ['us-east-1'] },
    ]);
    expect(copies2[0]?.dedupeKey).toBe(copies[0]?.dedupeKey);
  });

  it('Dedicated Host entities are hosts, not instances', () => {
    const [s] = signalsOf(fixture('health-dedicated-host.json'));
    expect(s).toMatchObject({ entity: 'h-0d123456bbf78910d', entityKind: 'host', instanceId: undefined });
  });

  it('AWS recovery success is informational (even closed); failure is urgent and open', () => {
    expect(signalsOf(fixture('health-auto-recovery-success.json'))[0]).toMatchObject({
      info: true,
      urgent: false,
    });
    expect(signalsOf(fixture('health-auto-recovery-failure.json'))[0]).toMatchObject({
      urgent: true,
      state: 'open',
    });
    const closedFailure = fixture('health-auto-recovery-failure.json');
    closedFailure.detail.statusCode = 'closed';
    expect(signalsOf(closedFailure)[0]).toMatchObject({ urgent: true, state: 'open' });
  });

  it('Spot interruption warnings and rebalance recommendations are informational', () => {
    expect(signalsOf(fixture('spot-interruption.json'))[0]).toMatchObject({
      kind: 'spot',
      type: 'spot-interruption',
      statusText: 'terminate',
      info: true,
      urgent: false,
    });
    expect(signalsOf(fixture('spot-rebalance.json'))[0]).toMatchObject({
      type: 'spot-rebalance',
      info: true,
    });
  });
});

describe('deliveries the bot does not handle', () => {
  it('are named by source and detail-type (or their shape) for the counter', () => {
    expect(deliveryType({ source: 'aws.ec2', 'detail-type': 'EC2 AMI State Change' })).toBe(
      'aws.ec2|EC2 AMI State Change',
    );
    expect(deliveryType({ hello: 1 })).toBe('not-an-eventbridge-event');
    expect(deliveryType([1])).toBe('not-an-object');
    expect(isKnownEventType({ source: 'aws.ec2', 'detail-type': 'EC2 AMI State Change' })).toBe(false);
  });
});
