import {
  eventCodeOfHealthType,
  groupByCode,
  instanceIdOfEntity,
  isHistory,
  mergeEvents,
  type ScheduledEvent,
} from '../../src/domain/events';
import { relativeTime } from '../../src/domain/time';

const ev = (o: Partial<ScheduledEvent>): ScheduledEvent => ({
  account: 'prod',
  region: 'us-east-1',
  instanceId: 'i-0123456789abcdef0',
  code: 'instance-stop',
  sources: ['ec2'],
  ...o,
});

describe('Health entities and codes', () => {
  it('takes the instance id out of an ARN or a bare id, and nothing else', () => {
    expect(instanceIdOfEntity('arn:aws:ec2:us-east-1:111111111111:instance/i-0abc12345678')).toBe(
      'i-0abc12345678',
    );
    expect(instanceIdOfEntity('i-0abc12345678')).toBe('i-0abc12345678');
    expect(instanceIdOfEntity('vol-0abc12345678')).toBeUndefined();
    expect(instanceIdOfEntity('arn:aws:ec2:us-east-1:1:volume/vol-0abc12345678')).toBeUndefined();
  });
  it('maps Health types with an EC2 equivalent and keeps the others', () => {
    expect(eventCodeOfHealthType('AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED')).toBe(
      'instance-retirement',
    );
    expect(eventCodeOfHealthType('AWS_EC2_INSTANCE_STOP_SCHEDULED')).toBe('instance-stop');
    expect(eventCodeOfHealthType('AWS_EC2_SOMETHING_NEW')).toBe('AWS_EC2_SOMETHING_NEW');
  });
  it('treats [Completed] and [Canceled] descriptions as history', () => {
    expect(isHistory('[Completed] The instance is running on degraded hardware')).toBe(true);
    expect(isHistory('[Canceled] reboot')).toBe(true);
    expect(isHistory('The instance is scheduled for retirement')).toBe(false);
    expect(isHistory(undefined)).toBe(false);
  });
});

describe('mergeEvents', () => {
  it('merges EC2 and Health by instance + code; EC2 keeps its id and deadline, Health fills the end', () => {
    const out = mergeEvents(
      [
        ev({
          eventId: 'instance-event-1',
          notBefore: '2026-11-24T00:00:00Z',
          notBeforeDeadline: '2026-12-01T00:00:00Z',
        }),
      ],
      [
        ev({
          sources: ['health'],
          notBefore: '2026-11-25T00:00:00Z',
          notAfter: '2026-11-26T00:00:00Z',
          healthArn: 'arn:h',
        }),
      ],
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      eventId: 'instance-event-1',
      notBefore: '2026-11-24T00:00:00Z',
      notAfter: '2026-11-26T00:00:00Z',
      notBeforeDeadline: '2026-12-01T00:00:00Z',
      healthArn: 'arn:h',
      sources: ['ec2', 'health'],
    });
  });
  it('keeps different codes on one instance apart and Health-only events as they are', () => {
    const out = mergeEvents([ev({ code: 'instance-reboot' })], [ev({ sources: ['health'] })]);
    expect(out.map((e) => [e.code, e.sources])).toEqual([
      ['instance-reboot', ['ec2']],
      ['instance-stop', ['health']],
    ]);
  });
  it('drops history, and the Health echo of work EC2 reports as completed', () => {
    const out = mergeEvents(
      [ev({ description: '[Completed] done' })],
      [ev({ sources: ['health'] }), ev({ instanceId: 'i-0fedcba987654321', sources: ['health'] })],
    );
    expect(out.map((e) => e.instanceId)).toEqual(['i-0fedcba987654321']);
  });
  it('keeps a live event that has a completed one with the same code beside it', () => {
    const out = mergeEvents([ev({ description: '[Completed] old' }), ev({ description: 'new one' })], []);
    expect(out.map((e) => e.description)).toEqual(['new one']);
  });
});

describe('groupByCode', () => {
  it('orders groups by their soonest event and rows soonest first; unknown times last', () => {
    const rows = [
      ev({ code: 'system-reboot', notBefore: '2026-11-30T00:00:00Z', instanceId: 'i-00000001' }),
      ev({ code: 'instance-stop', notBefore: '2026-11-28T00:00:00Z', instanceId: 'i-00000002' }),
      ev({ code: 'system-reboot', notBefore: '2026-11-22T00:00:00Z', instanceId: 'i-00000003' }),
      ev({ code: 'instance-stop', instanceId: 'i-00000004' }),
    ].map((event) => ({ event }));
    const groups = groupByCode(rows);
    expect(groups.map((g) => g.code)).toEqual(['system-reboot', 'instance-stop']);
    expect(groups[0]!.rows.map((r) => r.event.instanceId)).toEqual(['i-00000003', 'i-00000001']);
    expect(groups[1]!.rows.map((r) => r.event.instanceId)).toEqual(['i-00000002', 'i-00000004']);
  });
});

describe('relativeTime', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);
  const H = 3_600_000;
  const D = 24 * H;
  it('never rounds up: 1.6 days is "in 1 day 14 h", never "in 2 days" nor a bare "in 1 day"', () => {
    expect(relativeTime(at(1.6 * D), now)).toBe('in 1 day 14 h');
    expect(relativeTime(at(2 * D - 60_000), now)).toBe('in 1 day 23 h');
    expect(relativeTime(at(3 * D + 6 * H), now)).toBe('in 3 days 6 h');
  });
  it('leaves a zero second unit out, and keeps whole days from a week on', () => {
    expect(relativeTime(at(3 * D + 59 * 60_000), now)).toBe('in 3 days');
    expect(relativeTime(at(7 * D + 23 * H), now)).toBe('in 7 days');
    expect(relativeTime(at(12.9 * D), now)).toBe('in 12 days');
  });
  it('says hours and minutes under a day, minutes under an hour, "now" under a minute', () => {
    expect(relativeTime(at(5.5 * H), now)).toBe('in 5 h 30 min');
    expect(relativeTime(at(5 * H + 30_000), now)).toBe('in 5 h');
    expect(relativeTime(at(60_000), now)).toBe('in 1 min');
    expect(relativeTime(at(59_999), now)).toBe('now');
    expect(relativeTime(at(-20_000), now)).toBe('now');
  });
  it('reads the past the same way', () => {
    expect(relativeTime(at(-2 * H), now)).toBe('2 h ago');
    expect(relativeTime(at(-1.6 * D), now)).toBe('1 day 14 h ago');
  });
});
