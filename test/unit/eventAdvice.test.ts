import {
  type EventFacts,
  eventAction,
  eventButtons,
  eventMeaning,
  eventNotes,
  eventWarnings,
  rescheduleRule,
} from '../../src/domain/eventAdvice';
import type { ScheduledEvent } from '../../src/domain/events';
import type { InstanceInfo } from '../../src/domain/instance';
import { anInstance } from '../helpers/instance';

const NOW = new Date('2026-11-21T12:00:00Z');
const inMin = (m: number): string => new Date(NOW.getTime() + m * 60_000).toISOString();
const DAY = 24 * 60;

const ev = (o: Partial<ScheduledEvent>): ScheduledEvent => ({
  account: 'prod',
  region: 'us-east-1',
  instanceId: 'i-0123456789abcdef0',
  code: 'instance-stop',
  eventId: 'instance-event-1',
  notBefore: inMin(3 * DAY),
  sources: ['ec2'],
  ...o,
});
/** An event AWS lets move: it has a deadline a week out. */
const movable = (o: Partial<ScheduledEvent>): ScheduledEvent =>
  ev({ notBeforeDeadline: inMin(7 * DAY), ...o });
const facts = (i: Partial<InstanceInfo> = {}, o: Partial<EventFacts> = {}): EventFacts => ({
  instance: anInstance(i),
  instanceStore: false,
  ...o,
});
const buttons = (e: ScheduledEvent, f: EventFacts) => eventButtons(e, f, NOW).map((b) => b.label);
const MIGRATES = { maintenance: { rebootMigration: 'default' } };

describe('instance-reboot', () => {
  it('offers Reschedule as the primary action and never a "Reboot now" that would not clear it', () => {
    const b = eventButtons(movable({ code: 'instance-reboot' }), facts(), NOW);
    expect(b.map((x) => [x.label, x.op, x.style])).toEqual([['Reschedule', 'reschedule', 'primary']]);
    expect(buttons(ev({ code: 'instance-reboot' }), facts())).toEqual([]);
  });
  it('is classified as an in-place reboot nothing pre-empts, keeping the IP and instance-store data', () => {
    const c = eventAction(movable({ code: 'instance-reboot' }), facts({ publicIp: '203.0.113.9' }), NOW);
    expect(c).toMatchObject({
      awsAction: 'in-place-reboot',
      reschedulable: true,
      preempt: [],
      awsKeepsIp: true,
      awsKeepsInstanceStore: true,
      stoppedAfter: false,
      terminated: false,
    });
    expect(eventMeaning('instance-reboot').todo).toContain('the event stays open');
  });
});

describe('system-reboot', () => {
  it('offers Reboot now (reboot migration) first where it is enabled, then stop/start for EBS', () => {
    const b = eventButtons(movable({ code: 'system-reboot' }), facts(MIGRATES), NOW);
    expect(b.map((x) => [x.label, x.op])).toEqual([
      ['Reboot now (reboot migration)', 'reboot'],
      ['Stop/Start now', 'recover'],
      ['Reschedule', 'reschedule'],
    ]);
    expect(b[0]!.style).toBe('primary');
    const notes = eventNotes(ev({ code: 'system-reboot' }), facts(MIGRATES), NOW).join('\n');
    expect(notes).toContain('if that fails it is an in-place reboot and the event stays');
  });
  it('offers no reboot where migration is disabled, unsupported by the type, or the instance is stopped', () => {
    const off = facts({ maintenance: { rebootMigration: 'disabled' } });
    expect(buttons(ev({ code: 'system-reboot' }), off)).toEqual(['Stop/Start now']);
    expect(eventNotes(ev({ code: 'system-reboot' }), off, NOW)[0]).toContain(
      'reboot migration is disabled on this instance: a reboot now stays in place and the event stays',
    );
    const unsupported = facts(MIGRATES, { rebootMigrationSupported: false });
    expect(buttons(ev({ code: 'system-reboot' }), unsupported)).toEqual(['Stop/Start now']);
    const stopped = facts({ ...MIGRATES, state: 'stopped' });
    expect(buttons(ev({ code: 'system-reboot' }), stopped)).toEqual(['Stop/Start now']);
    expect(eventNotes(ev({ code: 'system-reboot' }), stopped, NOW)[0]).toBe(
      'reboot migration needs a running instance (it is stopped): a reboot now stays in place and the event stays',
    );
    // An instance-store root cannot stop, and without migration nothing pre-empts: only waiting.
    const store = facts({ rootDeviceType: 'instance-store' });
    expect(buttons(ev({ code: 'system-reboot' }), store)).toEqual([]);
    expect(eventAction(ev({ code: 'system-reboot' }), store, NOW).preempt).toEqual([]);
  });
  it('says AWS’s own reboot migration keeps the IP and instance-store data, and what a stop/start would cost', () => {
    const f = facts({ publicIp: '203.0.113.9' }, { instanceStore: true });
    expect(eventAction(ev({ code: 'system-reboot' }), f, NOW)).toMatchObject({
      awsAction: 'reboot-migration',
      awsKeepsIp: true,
      awsKeepsInstanceStore: true,
    });
    expect(eventMeaning('system-reboot').meaning).toContain(
      'keeps its IP addresses, DNS name and instance-store data',
    );
    expect(eventWarnings(ev({ code: 'system-reboot' }), f, NOW)).toEqual([
      'Stop/Start now would: public IP 203.0.113.9 changes (no Elastic IP); instance-store data is lost',
    ]);
  });
});

describe('system-maintenance', () => {
  it('offers stop/start for an EBS-backed instance, nothing to an instance-store root', () => {
    expect(buttons(ev({ code: 'system-maintenance' }), facts())).toEqual(['Stop/Start now']);
    expect(buttons(ev({ code: 'system-maintenance' }), facts({ rootDeviceType: 'instance-store' }))).toEqual(
      [],
    );
  });
  it('tells network from power maintenance when the description says which', () => {
    const notes = (d: string) => eventNotes(ev({ code: 'system-maintenance', description: d }), facts(), NOW);
    expect(notes('Network maintenance scheduled')).toEqual([
      'network maintenance: connectivity drops for a short time, no reboot',
    ]);
    expect(notes('Power maintenance')).toEqual([
      'power maintenance: offline for a short time, then rebooted',
    ]);
    expect(eventMeaning('system-maintenance').meaning).toMatch(/Network maintenance.*Power maintenance/);
  });
});

describe('instance-stop and instance-retirement', () => {
  it('says a stopped instance stays stopped until someone starts it', () => {
    const f = facts({ publicIp: '203.0.113.9' });
    expect(eventAction(ev({}), f, NOW)).toMatchObject({
      awsAction: 'stop',
      stoppedAfter: true,
      awsKeepsIp: false,
    });
    expect(eventWarnings(ev({}), f, NOW)).toEqual([
      'AWS stops it and it stays stopped until someone starts it',
      'public IP 203.0.113.9 changes (no Elastic IP)',
    ]);
    expect(eventMeaning('instance-stop').meaning).toContain('stays stopped until someone starts it');
    expect(buttons(ev({}), f)).toEqual(['Stop/Start now', 'Back up (AMI)']);
  });
  it('an Elastic IP means nothing to lose', () => {
    const f = facts({ publicIp: '203.0.113.9', hasElasticIp: true });
    expect(eventAction(ev({}), f, NOW).awsKeepsIp).toBe(true);
  });
  it('retires an instance-store root by termination: no stop/start, no AMI backup, says what to do', () => {
    const f = facts({ rootDeviceType: 'instance-store' }, { instanceStore: true });
    const e = movable({ code: 'instance-retirement' });
    expect(eventAction(e, f, NOW)).toMatchObject({
      awsAction: 'terminate',
      terminated: true,
      amiBackup: false,
      preempt: [],
      awsKeepsInstanceStore: false,
    });
    expect(buttons(e, f)).toEqual(['Reschedule']);
    expect(buttons(ev({ code: 'instance-retirement' }), f)).toEqual([]);
    expect(eventWarnings(e, f, NOW)[0]).toBe(
      'instance-store root: AWS will *terminate* it, and CreateImage cannot back it up — launch a replacement from your latest AMI and copy the data off (EBS, S3) before the date',
    );
  });
  it('retires an EBS-backed instance by a stop it stays in, with stop/start and a backup on offer', () => {
    const e = movable({ code: 'instance-retirement' });
    expect(eventAction(e, facts(), NOW)).toMatchObject({
      awsAction: 'stop',
      stoppedAfter: true,
      amiBackup: true,
    });
    expect(buttons(e, facts())).toEqual(['Stop/Start now', 'Reschedule', 'Back up (AMI)']);
  });
});

describe('rescheduling', () => {
  it('refuses an event that starts within 5 minutes or has started, and says so on the row', () => {
    const soon = movable({ code: 'instance-reboot', notBefore: inMin(5) });
    expect(eventAction(soon, facts(), NOW).reschedulable).toBe(false);
    expect(buttons(soon, facts())).toEqual([]);
    expect(eventNotes(soon, facts(), NOW)).toEqual([
      'cannot be rescheduled: the event starts within 5 minutes (or has started): AWS no longer lets it move',
    ]);
    expect(rescheduleRule(movable({ notBefore: inMin(-30) }), NOW)).toContain('has started');
    expect(rescheduleRule(movable({ notBefore: inMin(6) }), NOW)).toBeUndefined();
  });
  it('refuses without a deadline or event id, when the deadline is under an hour away, and for history', () => {
    expect(rescheduleRule(ev({}), NOW)).toContain('no deadline');
    expect(rescheduleRule(movable({ eventId: undefined }), NOW)).toContain('no deadline');
    expect(rescheduleRule(movable({ notBeforeDeadline: inMin(59) }), NOW)).toContain('less than 60 minutes');
    expect(rescheduleRule(movable({ description: '[Completed] done' }), NOW)).toContain('completed');
  });
});

it('offers nothing for an instance EC2 no longer returns or that is terminated', () => {
  expect(buttons(ev({}), { instanceStore: false })).toEqual([]);
  expect(eventWarnings(ev({}), { instanceStore: false }, NOW)).toEqual([
    'instance not found in EC2 (terminated?)',
  ]);
  expect(buttons(movable({}), facts({ state: 'terminated' }))).toEqual([]);
  expect(eventAction(movable({}), facts({ state: 'terminated' }), NOW)).toMatchObject({
    reschedulable: false,
    rescheduleBlocker: 'the instance is terminated',
    preempt: [],
  });
});
