import type { Operation } from '../config/schema';
import { maintenanceKind } from './eventMeaning';
import { isHistory, type ScheduledEvent } from './events';
import { type InstanceInfo, stoppable, stopStartConsequences } from './instance';

/**
 * What a scheduled event means for one instance, what can be done about it and which buttons its row
 * gets. Pure. Docs behind each rule are cited next to it and in ./eventMeaning.ts.
 */

export { type EventMeaning, eventMeaning } from './eventMeaning';

/** What decides how an event lands on an instance, beside the event itself. */
export interface EventFacts {
  /** Undefined: EC2 did not return the instance (terminated?). */
  instance?: InstanceInfo;
  /** The instance's type has instance-store volumes (DescribeInstanceTypes). */
  instanceStore: boolean;
  /** DescribeInstanceTypes RebootMigrationSupport = supported; undefined when not known. */
  rebootMigrationSupported?: boolean;
}

// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/reschedule-event.html — "Events that are scheduled
// to start in the next 5 minutes cannot be rescheduled"; "The new event start time must be at least 60
// minutes from the current time"; only events with a deadline; only events that have not started.
export const RESCHEDULE_MIN_LEAD_MS = 60 * 60_000;
export const RESCHEDULE_FREEZE_MS = 5 * 60_000;

/** How the instance leaves the degraded host before the window (each clears the event when it works). */
export type Preempt = 'reboot-migration' | 'stop-start';

/** What AWS itself does in the window. */
export type AwsAction =
  | 'in-place-reboot'
  | 'reboot-migration'
  | 'maintenance'
  | 'stop'
  | 'terminate'
  | 'unknown';

/** The semantics of one event on one instance: what the planner and every view decide from. */
export interface EventClass {
  code: string;
  awsAction: AwsAction;
  /** ModifyInstanceEventStartTime can move it now (deadline, event id, not history, > 5 min ahead). */
  reschedulable: boolean;
  /** Why it cannot be moved, when it cannot. */
  rescheduleBlocker?: string;
  /** What moves the instance off the host now, best first; empty: nothing pre-empts it. */
  preempt: Preempt[];
  /** AWS's own action keeps the public IPv4 (true also when there is none to lose or an EIP holds it). */
  awsKeepsIp?: boolean;
  /** AWS's own action keeps instance-store data (undefined: the docs do not say). */
  awsKeepsInstanceStore?: boolean;
  /** After AWS acts the instance is stopped, and stays stopped until someone starts it. */
  stoppedAfter: boolean;
  terminated: boolean;
  /** CreateImage can back the instance up (EBS-backed only). */
  amiBackup: boolean;
}

/** Why the event cannot be rescheduled at all right now (before any time is picked); undefined: it can. */
export function rescheduleRule(
  e: Pick<ScheduledEvent, 'code' | 'eventId' | 'description' | 'notBefore' | 'notBeforeDeadline'>,
  now: Date,
): string | undefined {
  if (isHistory(e.description)) return 'the event is already completed or canceled';
  if (!e.notBeforeDeadline || !e.eventId)
    return `AWS does not allow moving this ${e.code} event (it has no deadline to move within)`;
  const start = e.notBefore ? Date.parse(e.notBefore) : Number.NaN;
  if (!Number.isNaN(start) && start - now.getTime() <= RESCHEDULE_FREEZE_MS)
    return 'the event starts within 5 minutes (or has started): AWS no longer lets it move';
  if (Date.parse(e.notBeforeDeadline) < now.getTime() + RESCHEDULE_MIN_LEAD_MS)
    return 'its deadline is less than 60 minutes away: no new start time is allowed';
  return undefined;
}

const STOPPING = new Set(['instance-stop', 'instance-retirement']);
const MOVABLE_BY_STOP = new Set([
  'instance-stop',
  'instance-retirement',
  'system-reboot',
  'system-maintenance',
]);
const LIVE = new Set(['running', 'stopped', 'pending', 'stopping']);

function awsActionOf(code: string, i: InstanceInfo | undefined): AwsAction {
  if (code === 'instance-reboot') return 'in-place-reboot';
  if (code === 'system-reboot') return 'reboot-migration';
  if (code === 'system-maintenance') return 'maintenance';
  if (code === 'instance-stop') return 'stop';
  if (code === 'instance-retirement') return i?.rootDeviceType === 'instance-store' ? 'terminate' : 'stop';
  return 'unknown';
}

/**
 * Reboot migration on a user reboot: `MaintenanceOptions.RebootMigration = default` and a type that
 * supports it. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMaintenanceOptions.html
 */
export const rebootMigrationOn = (f: EventFacts): boolean =>
  f.instance?.maintenance?.rebootMigration === 'default' && f.rebootMigrationSupported !== false;

function preemptOf(e: ScheduledEvent, f: EventFacts): Preempt[] {
  const i = f.instance;
  if (!i || !LIVE.has(i.state)) return [];
  const out: Preempt[] = [];
  if (e.code === 'system-reboot' && i.state === 'running' && rebootMigrationOn(f))
    out.push('reboot-migration');
  // Stop + start moves an EBS-backed instance to a new host; an instance-store root cannot be stopped.
  // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Stop_Start.html — and a one-time Spot instance
  // cannot be stopped at all: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/stop-spot-instances.html
  if (MOVABLE_BY_STOP.has(e.code) && i.rootDeviceType === 'ebs' && stoppable(i)) out.push('stop-start');
  return out;
}

/** The classification of one event on one instance (exported for the maintenance planner). */
export function eventAction(e: ScheduledEvent, f: EventFacts, now: Date): EventClass {
  const i = f.instance;
  const awsAction = awsActionOf(e.code, i);
  const gone =
    !i || !LIVE.has(i.state) ? `the instance is ${i ? i.state : 'not in EC2 (terminated?)'}` : undefined;
  const blocker = gone ?? rescheduleRule(e, now);
  const stops = awsAction === 'stop' || awsAction === 'terminate';
  const noIpToLose = !!i && (!i.publicIp || i.hasElasticIp);
  const keeps =
    awsAction === 'in-place-reboot' || awsAction === 'reboot-migration' || awsAction === 'maintenance';
  return {
    code: e.code,
    awsAction,
    reschedulable: !blocker,
    ...(blocker ? { rescheduleBlocker: blocker } : {}),
    preempt: preemptOf(e, f),
    awsKeepsIp: awsAction === 'unknown' ? undefined : keeps || noIpToLose,
    // A reboot keeps instance-store data (scheduled instance reboot and system reboot: "persists"); a stop,
    // retirement or termination loses it; power maintenance is not listed either way.
    // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-store-lifetime.html
    awsKeepsInstanceStore:
      awsAction === 'in-place-reboot' || awsAction === 'reboot-migration' ? true : stops ? false : undefined,
    stoppedAfter: awsAction === 'stop',
    terminated: awsAction === 'terminate',
    // CreateImage "Creates an Amazon EBS-backed AMI from an Amazon EBS-backed instance".
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html
    amiBackup: !!i && i.rootDeviceType === 'ebs' && LIVE.has(i.state),
  };
}

export interface EventButton {
  label: string;
  op: Operation;
  style?: 'primary';
  eventId?: string;
  notBeforeDeadline?: string;
}

/** The buttons a row gets, the preferred one first and marked primary. */
export function eventButtons(e: ScheduledEvent, f: EventFacts, now: Date): EventButton[] {
  const c = eventAction(e, f, now);
  const out: EventButton[] = [];
  const reschedule = (): void => {
    if (c.reschedulable)
      out.push({
        label: 'Reschedule',
        op: 'reschedule',
        eventId: e.eventId,
        notBeforeDeadline: e.notBeforeDeadline,
      });
  };
  if (e.code === 'instance-reboot') reschedule(); // a user reboot would not clear it: no "Reboot now"
  if (c.preempt.includes('reboot-migration'))
    out.push({ label: 'Reboot now (reboot migration)', op: 'reboot' });
  if (c.preempt.includes('stop-start')) out.push({ label: 'Stop/Start now', op: 'recover' });
  if (e.code !== 'instance-reboot') reschedule();
  // A backup matters where AWS takes the instance away; never for an instance-store root (see amiBackup).
  if (c.amiBackup && (STOPPING.has(e.code) || c.awsAction === 'unknown'))
    out.push({ label: 'Back up (AMI)', op: 'backup' });
  const [first, ...rest] = out;
  return first ? [{ ...first, style: 'primary' }, ...rest] : [];
}

/** Per-row lines: what the event, or the button that pre-empts it, costs or means for this instance. */
export function eventWarnings(e: ScheduledEvent, f: EventFacts, now: Date): string[] {
  const i = f.instance;
  if (!i) return ['instance not found in EC2 (terminated?)'];
  const c = eventAction(e, f, now);
  const out: string[] = [];
  if (c.terminated) {
    out.push(
      'instance-store root: AWS will *terminate* it, and CreateImage cannot back it up — launch a replacement from your latest AMI and copy the data off (EBS, S3) before the date',
    );
  }
  if (i.spot && !stoppable(i))
    out.push(
      i.spotType === 'one-time'
        ? 'one-time Spot instance: EC2 cannot stop it, so no stop + start moves it — launch a replacement if it must not be affected'
        : 'Spot instance whose request type could not be read: no stop + start is offered (a one-time Spot instance cannot be stopped)',
    );
  const costs = stopStartConsequences(i, { instanceStore: f.instanceStore }).filter(
    (w) => !w.startsWith('instance-store root'),
  );
  if (c.stoppedAfter) {
    out.push('AWS stops it and it stays stopped until someone starts it');
    out.push(...costs);
  } else if (c.preempt.includes('stop-start') && costs.length) {
    out.push(`Stop/Start now would: ${costs.join('; ')}`);
  }
  return out;
}

function noMigrationWhy(f: EventFacts): string {
  if (f.instance?.maintenance?.rebootMigration === 'disabled')
    return 'reboot migration is disabled on this instance';
  if (rebootMigrationOn(f)) return `reboot migration needs a running instance (it is ${f.instance?.state})`;
  return 'reboot migration is not available for this instance';
}

/** Per-row information (not warnings): reboot migration for this instance, maintenance kind, reschedule. */
export function eventNotes(e: ScheduledEvent, f: EventFacts, now: Date): string[] {
  const c = eventAction(e, f, now);
  const out: string[] = [];
  if (e.code === 'system-reboot' && f.instance) {
    if (c.preempt.includes('reboot-migration'))
      out.push(
        'reboot migration is enabled: Reboot now tries to move it to new hardware now — if that fails it is an in-place reboot and the event stays',
      );
    else out.push(`${noMigrationWhy(f)}: a reboot now stays in place and the event stays`);
  }
  if (e.code === 'system-maintenance') {
    const kind = maintenanceKind(e.description);
    if (kind === 'network') out.push('network maintenance: connectivity drops for a short time, no reboot');
    if (kind === 'power') out.push('power maintenance: offline for a short time, then rebooted');
  }
  if (e.notBeforeDeadline && c.rescheduleBlocker && !isHistory(e.description))
    out.push(`cannot be rescheduled: ${c.rescheduleBlocker}`);
  return out;
}
