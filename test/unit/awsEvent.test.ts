import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isKnownEventType, parseAwsEvent } from '../../src/domain/awsEvent';
import { parseAwsTime } from '../../src/domain/rfc1123';

const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/aws', name), 'utf8'));
const signalsOf = (ev: unknown, now = new Date('2026-08-27T14:00:00Z')) => {
  const p = parseAwsEvent(ev, now);
  if (p.kind !== 'signals') throw new Error(`expected signals, got ${JSON.stringify(p)}`);
  return p.signals;
};

describe('parseAwsTime', () => {
  it('reads RFC 1123 times as UTC and ISO times with a +0000 offset', () => {
    expect(parseAwsTime('Thu, 27 Aug 2026 13:19:03 GMT')?.toISOString()).toBe('2026-08-27T13:19:03.000Z');
    expect(parseAwsTime('2026-08-27T17:04:40.989+0000')?.toISOString()).toBe('2026-08-27T17:04:40.989Z');
    expect(parseAwsTime('27/08/2026')).toBeUndefined();
  });
});

describe('AWS Health events', () => {
  it('reads ids and instance ARNs (region from the ARN), RFC 1123 times, urgency within 24 h', () => {
    const s = signalsOf(fixture('health-retirement.json'));
    expect(s.map((x) => [x.instanceId, x.region])).toEqual([
      ['i-0abc1234def567890', 'us-east-1'],
      ['i-0fedcba9876543210', 'eu-west-1'],
    ]);
    expect(s[0]?.startTime).toBe('2026-08-28T09:00:00.000Z');
    expect(s.every((x) => x.urgent && x.state === 'open' && x.accountId === '111111111111')).toBe(true);
    // the per-entity lastUpdatedTime wins over the event's
    expect(s[1]?.at).toBe('2026-08-27T13:20:00.000Z');
  });

  it('is not urgent when the start is more than 24 h away', () => {
    const s = signalsOf(fixture('health-retirement.json'), new Date('2026-08-20T00:00:00Z'));
    expect(s.some((x) => x.urgent)).toBe(false);
  });

  it('drops backup copies (backupEvent is the string "true")', () => {
    expect(parseAwsEvent(fixture('health-retirement-backup.json'), new Date())).toEqual({
      kind: 'ignored',
      reason: 'health-backup-copy',
    });
  });

  it('gives page 2 the same entity keys scheme and a distinct dedupe key per entity', () => {
    const p1 = signalsOf(fixture('health-retirement.json'));
    const p2 = signalsOf(fixture('health-retirement-page2.json'));
    const keys = [...p1, ...p2].map((x) => x.dedupeKey);
    expect(new Set(keys).size).toBe(3);
    expect(p2[0]?.entityKey.startsWith(p1[0]?.eventArn ?? 'x')).toBe(true);
  });

  it('a later update of the same entity has a new dedupe key but the same entity key; closed resolves', () => {
    const ev = fixture('health-retirement.json');
    const a = signalsOf(ev)[0];
    ev.detail.lastUpdatedTime = 'Thu, 27 Aug 2026 15:00:00 GMT';
    ev.detail.statusCode = 'closed';
    const b = signalsOf(ev)[0];
    expect(b?.entityKey).toBe(a?.entityKey);
    expect(b?.dedupeKey).not.toBe(a?.dedupeKey);
    expect(b?.state).toBe('resolved');
  });
});

describe('CloudWatch alarm state changes', () => {
  it('ALARM opens with the instance from the metric dimensions; OK resolves the same entity', () => {
    const [a] = signalsOf(fixture('alarm-system-alarm.json'));
    const [ok] = signalsOf(fixture('alarm-system-ok.json'));
    expect(a).toMatchObject({
      instanceId: 'i-0abc1234def567890',
      state: 'open',
      urgent: true,
      type: 'StatusCheckFailed_System',
    });
    expect(ok).toMatchObject({ state: 'resolved', urgent: false, entityKey: a?.entityKey });
    expect(ok?.dedupeKey).not.toBe(a?.dedupeKey);
  });

  it('ignores alarms on other metrics', () => {
    const ev = fixture('alarm-system-alarm.json');
    ev.detail.configuration.metrics[0].metricStat.metric.name = 'CPUUtilization';
    expect(parseAwsEvent(ev, new Date()).kind).toBe('ignored');
  });
});

describe('EC2 state changes and unknown types', () => {
  it('stopped is an urgent possible unexpected stop; running is info', () => {
    expect(signalsOf(fixture('state-stopped.json'))[0]).toMatchObject({
      type: 'unexpected-stop',
      urgent: true,
    });
    expect(signalsOf(fixture('state-running.json'))[0]).toMatchObject({
      type: 'instance-running',
      state: 'info',
    });
  });

  it('an event type we do not handle is "unknown", not an error', () => {
    const ev = { source: 'aws.s3', 'detail-type': 'Object Created', detail: {} };
    expect(isKnownEventType(ev)).toBe(false);
    expect(parseAwsEvent(ev, new Date())).toEqual({ kind: 'unknown', type: 'aws.s3|Object Created' });
  });
});
