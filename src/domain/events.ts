/** Scheduled EC2 events and AWS Health events, merged per instance and event code. Pure. */

export type EventSource = 'ec2' | 'health';

/** One piece of scheduled work on one instance. Times are ISO strings. */
export interface ScheduledEvent {
  account: string;
  region: string;
  instanceId: string;
  /** EC2 event code (`instance-stop`, …) or, for Health types with no EC2 equivalent, the Health code. */
  code: string;
  eventId?: string;
  description?: string;
  notBefore?: string;
  notAfter?: string;
  notBeforeDeadline?: string;
  sources: EventSource[];
  healthArn?: string;
}

/** A Health event that names no instance (an `issue` in a region): shown as a notice. */
export interface HealthNotice {
  account: string;
  region: string;
  code: string;
  category: string;
  status: string;
  start?: string;
  end?: string;
}

/** Health event type codes with an EC2 scheduled-event equivalent. */
const HEALTH_TO_EC2: Record<string, string> = {
  AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED: 'instance-retirement',
  AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED: 'instance-retirement',
  AWS_EC2_INSTANCE_STOP_SCHEDULED: 'instance-stop',
  AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED: 'instance-reboot',
  AWS_EC2_INSTANCE_REBOOT_FLEXIBLE_MAINTENANCE_SCHEDULED: 'instance-reboot',
  AWS_EC2_SYSTEM_REBOOT_MAINTENANCE_SCHEDULED: 'system-reboot',
  AWS_EC2_SYSTEM_MAINTENANCE_EVENT: 'system-maintenance',
  AWS_EC2_MAINTENANCE_SCHEDULED: 'system-maintenance',
};

export const eventCodeOfHealthType = (healthType: string): string => HEALTH_TO_EC2[healthType] ?? healthType;

/** `[Completed]` and `[Canceled]` events are history, not work (docs/architecture.md §4). */
export const isHistory = (description: string | undefined): boolean =>
  /^\s*\[(Completed|Canceled|Cancelled)\]/i.test(description ?? '');

const INSTANCE_IN_ARN = /(?:^|[/:])(i-[0-9a-f]{8,17})$/;

/** An affected entity is an id or a full ARN (`arn:aws:ec2:…:instance/i-0abc`); the instance id or undefined. */
export function instanceIdOfEntity(entityValue: string): string | undefined {
  return INSTANCE_IN_ARN.exec(entityValue.trim())?.[1];
}

const keyOf = (e: Pick<ScheduledEvent, 'account' | 'region' | 'instanceId' | 'code'>): string =>
  `${e.account}|${e.region}|${e.instanceId}|${e.code}`;

/**
 * Merges EC2 and Health views of the same work: one event per instance + code. EC2's record wins
 * (it has the event id and NotBeforeDeadline); Health fills in what EC2 lacks. History is dropped, and
 * a Health event whose EC2 counterpart is only history is dropped with it.
 */
export function mergeEvents(ec2: ScheduledEvent[], health: ScheduledEvent[]): ScheduledEvent[] {
  const merged = new Map<string, ScheduledEvent>();
  const historyOnly = new Set<string>();
  for (const e of ec2) {
    const k = keyOf(e);
    if (isHistory(e.description)) {
      if (!merged.has(k)) historyOnly.add(k);
      continue;
    }
    historyOnly.delete(k);
    if (!merged.has(k)) merged.set(k, { ...e, sources: ['ec2'] });
  }
  for (const h of health) {
    const k = keyOf(h);
    if (historyOnly.has(k) || isHistory(h.description)) continue;
    const have = merged.get(k);
    if (!have) merged.set(k, { ...h, sources: ['health'] });
    else merged.set(k, fillFromHealth(have, h));
  }
  return [...merged.values()];
}

function fillFromHealth(e: ScheduledEvent, h: ScheduledEvent): ScheduledEvent {
  return {
    ...e,
    notBefore: e.notBefore ?? h.notBefore,
    notAfter: e.notAfter ?? h.notAfter,
    description: e.description ?? h.description,
    healthArn: h.healthArn,
    sources: e.sources.includes('health') ? e.sources : [...e.sources, 'health'],
  };
}

const time = (s: string | undefined): number => {
  const t = s ? Date.parse(s) : Number.NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/** When the work starts: the deadline to act by. Unknown times sort last. */
export const eventStartMs = (e: Pick<ScheduledEvent, 'notBefore'>): number => time(e.notBefore);

export interface EventGroup<T extends { event: ScheduledEvent }> {
  code: string;
  rows: T[];
}

/** Groups rows by event code; groups and rows soonest first (ties: account, region, instance). */
export function groupByCode<T extends { event: ScheduledEvent }>(rows: T[]): EventGroup<T>[] {
  const sorted = [...rows].sort(
    (a, b) => eventStartMs(a.event) - eventStartMs(b.event) || keyOf(a.event).localeCompare(keyOf(b.event)),
  );
  const groups = new Map<string, T[]>();
  for (const r of sorted) {
    const list = groups.get(r.event.code) ?? [];
    list.push(r);
    groups.set(r.event.code, list);
  }
  return [...groups.entries()].map(([code, list]) => ({ code, rows: list }));
}
