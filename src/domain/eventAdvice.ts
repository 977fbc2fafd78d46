import type { Operation } from '../config/schema';
import type { ScheduledEvent } from './events';
import { type InstanceInfo, stopStartConsequences } from './instance';

/** What an event code means and what the user can do about it (DESIGN.md §4). Pure, unescaped text. */
export interface EventMeaning {
  title: string;
  meaning: string;
  todo: string;
}

const MEANINGS: Record<string, EventMeaning> = {
  'instance-stop': {
    title: 'Instance stop',
    meaning: 'AWS will stop the instance on the date (its host is going away).',
    todo: 'Stop + start before the date moves it to a new host on your schedule.',
  },
  'instance-retirement': {
    title: 'Instance retirement',
    meaning:
      'The host is degraded: an EBS-backed instance will be stopped, an instance-store-backed one terminated.',
    todo: 'Stop + start before the date moves it to a healthy host; instance-store roots must be backed up and replaced.',
  },
  'instance-reboot': {
    title: 'Instance reboot',
    meaning: 'AWS will reboot the instance in the window.',
    todo: 'Reboot it yourself before the window and the event clears; or reschedule if offered.',
  },
  'system-reboot': {
    title: 'System (host) reboot',
    meaning: 'AWS will reboot the underlying host; the instance goes down for a few minutes.',
    todo: 'It cannot be pre-empted: plan for the window, or reschedule if offered.',
  },
  'system-maintenance': {
    title: 'System maintenance',
    meaning: 'AWS maintenance on the host (network or power); the instance may be degraded in the window.',
    todo: 'Nothing to run; plan around the window.',
  },
};

export function eventMeaning(code: string): EventMeaning {
  return (
    MEANINGS[code] ?? {
      title: code,
      meaning: 'An AWS Health event for this instance.',
      todo: 'See the AWS Health Dashboard for the details.',
    }
  );
}

const STOPPING_CODES = new Set(['instance-stop', 'instance-retirement']);

/** Per-row warnings: what the event (or the stop + start that pre-empts it) costs this instance. */
export function eventWarnings(
  e: ScheduledEvent,
  i: InstanceInfo | undefined,
  instanceStore: boolean,
): string[] {
  if (!i) return ['instance not found in EC2 (terminated?)'];
  const out: string[] = [];
  if (e.code === 'instance-retirement' && i.rootDeviceType === 'instance-store') {
    out.push('instance-store root: will be *terminated* — back up now');
  }
  if (STOPPING_CODES.has(e.code)) {
    out.push(
      ...stopStartConsequences(i, { instanceStore }).filter((w) => !w.startsWith('instance-store root')),
    );
  }
  return out;
}

export interface EventAction {
  label: string;
  op: Operation;
  eventId?: string;
  notBeforeDeadline?: string;
}

const LIVE = new Set(['running', 'stopped', 'pending', 'stopping']);

/** The buttons a row gets: only the ones that apply to this event and instance. */
export function eventActions(e: ScheduledEvent, i: InstanceInfo | undefined): EventAction[] {
  if (!i || !LIVE.has(i.state)) return [];
  const out: EventAction[] = [];
  if (e.code === 'instance-reboot' && i.state === 'running') out.push({ label: 'Reboot now', op: 'reboot' });
  if (STOPPING_CODES.has(e.code) && i.rootDeviceType === 'ebs') {
    out.push({ label: 'Stop/Start now', op: 'recover' });
  }
  if (e.notBeforeDeadline && e.eventId) {
    out.push({
      label: 'Reschedule',
      op: 'reschedule',
      eventId: e.eventId,
      notBeforeDeadline: e.notBeforeDeadline,
    });
  }
  out.push({ label: 'Back up (AMI)', op: 'backup' });
  return out;
}
