import { eventActions, eventWarnings } from '../../src/domain/eventAdvice';
import {
  eventCodeOfHealthType,
  groupByCode,
  instanceIdOfEntity,
  isHistory,
  mergeEvents,
  type ScheduledEvent,
} from '../../src/domain/events';
import type { InstanceInfo } from '../../src/domain/instance';
import { relativeTime } from '../../src/domain/time';
import { anInstance } from '../helpers/instance';

const ev = (o: Partial<ScheduledEvent>): ScheduledEvent => ({
  account: 'prod',
  region: 'us-east-1',
  instanceId: 'i-0123456789abcdef0',
  code: 'instance-stop',
  sources: ['ec2'],
  ...o,
});

const inst = (o: Partial<InstanceInfo> = {}): InstanceInfo => anInstance(o);

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

describe('eventActions and eventWarnings', () => {
  const labels = (e: ScheduledEvent, i?: InstanceInfo) => eventActions(e, i).map((a) => a.op);
  it('offers reboot for instance-reboot, stop/start for stop and retirement, reschedule with a deadline', () => {
    expect(labels(ev({ code: 'instance-reboot' }), inst())).toEqual(['reboot', 'backup']);
    expect(labels(ev({ code: 'instance-stop' }), inst())).toEqual(['recover', 'backup']);
    expect(
      labels(ev({ code: 'instance-retirement', eventId: 'e-1', notBeforeDeadline: 'x' }), inst()),
    ).toEqual(['recover', 'reschedule', 'backup']);
    expect(labels(ev({ code: 'system-reboot' }), inst())).toEqual(['backup']);
  });
  it('never offers stop/start for an instance-store root, and nothing for an unknown or terminated instance', () => {
    expect(labels(ev({ code: 'instance-retirement' }), inst({ rootDeviceType: 'instance-store' }))).toEqual([
      'backup',
    ]);
    expect(labels(ev({}), undefined)).toEqual([]);
    expect(labels(ev({}), inst({ state: 'terminated' }))).toEqual([]);
  });
  it('warns of termination, IP change and data loss where the event stops the instance', () => {
    const w = eventWarnings(
      ev({ code: 'instance-retirement' }),
      inst({ rootDeviceType: 'instance-store', publicIp: '203.0.113.5' }),
      true,
    );
    expect(w[0]).toContain('will be *terminated*');
    expect(w).toContain('public IP 203.0.113.5 changes (no Elastic IP)');
    expect(w).toContain('instance-store data is lost');
    expect(eventWarnings(ev({ code: 'instance-reboot' }), inst({ publicIp: '203.0.113.5' }), true)).toEqual(
      [],
    );
    expect(
      eventWarnings(
        ev({ code: 'instance-stop' }),
        inst({ publicIp: '203.0.113.5', hasElasticIp: true }),
        false,
      ),
    ).toEqual([]);
  });
});

describe('relativeTime', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  it('says the largest whole unit, ahead or behind', () => {
    expect(relativeTime(new Date('2026-11-24T18:00:00Z'), now)).toBe('in 3 days');
    expect(relativeTime(new Date('2026-11-21T17:30:00Z'), now)).toBe('in 5 hours');
    expect(relativeTime(new Date('2026-11-21T12:01:00Z'), now)).toBe('in 1 minute');
    expect(relativeTime(new Date('2026-11-21T10:00:00Z'), now)).toBe('2 hours ago');
    expect(relativeTime(new Date('2026-11-21T12:00:20Z'), now)).toBe('now');
  });
});
