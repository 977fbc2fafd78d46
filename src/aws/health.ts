import {
  type Event,
  type EventFilter,
  type HealthClient,
  paginateDescribeAffectedEntities,
  paginateDescribeEvents,
} from '@aws-sdk/client-health';
import {
  eventCodeOfHealthType,
  type HealthNotice,
  instanceIdOfEntity,
  type ScheduledEvent,
} from '../domain/events';

/** DescribeAffectedEntities takes at most 10 event ARNs a call. */
const ARNS_PER_CALL = 10;

export interface HealthScan {
  events: ScheduledEvent[];
  notices: HealthNotice[];
}

/**
 * Open and upcoming EC2 Health events of one account in the given regions (scheduled changes and
 * issues), every page, and the instances each affects. Entity values may be ARNs. Throws what the API
 * throws: `SubscriptionRequiredException` without a Business/Enterprise support plan.
 */
export async function scanHealth(
  health: HealthClient,
  account: string,
  regions: string[],
): Promise<HealthScan> {
  const filter: EventFilter = {
    services: ['EC2'],
    regions,
    eventTypeCategories: ['scheduledChange', 'issue'],
    eventStatusCodes: ['open', 'upcoming'],
  };
  const events: Event[] = [];
  for await (const page of paginateDescribeEvents({ client: health, pageSize: 100 }, { filter })) {
    events.push(...(page.events ?? []));
  }
  const byArn = new Map(events.filter((e) => e.arn).map((e) => [e.arn!, e]));
  const entities = await affectedEntities(health, [...byArn.keys()]);
  const scheduled = toScheduled(account, byArn, entities);
  const named = new Set(scheduled.map((e) => e.healthArn));
  return {
    events: scheduled,
    notices: toNotices(
      account,
      events.filter((e) => !named.has(e.arn)),
    ),
  };
}

/** Health events + their affected instances → scheduled events (shared with the organizational view). */
export function toScheduled(
  account: string,
  byArn: Map<string, Event>,
  entities: { eventArn: string; value: string }[],
): ScheduledEvent[] {
  return entities.flatMap(({ eventArn, value }) => {
    const ev = byArn.get(eventArn);
    const instanceId = instanceIdOfEntity(value);
    if (!ev || !instanceId) return [];
    return [
      {
        account,
        region: ev.region ?? '',
        instanceId,
        code: eventCodeOfHealthType(ev.eventTypeCode ?? ''),
        notBefore: ev.startTime?.toISOString(),
        notAfter: ev.endTime?.toISOString(),
        sources: ['health'],
        healthArn: eventArn,
      } satisfies ScheduledEvent,
    ];
  });
}

/** Health events that name no instance → notices. */
export function toNotices(account: string, events: Event[]): HealthNotice[] {
  return events.map((ev) => ({
    account,
    region: ev.region ?? '',
    code: ev.eventTypeCode ?? 'unknown',
    category: String(ev.eventTypeCategory ?? ''),
    status: String(ev.statusCode ?? ''),
    start: ev.startTime?.toISOString(),
    end: ev.endTime?.toISOString(),
  }));
}

async function affectedEntities(
  health: HealthClient,
  arns: string[],
): Promise<{ eventArn: string; value: string }[]> {
  const out: { eventArn: string; value: string }[] = [];
  for (let n = 0; n < arns.length; n += ARNS_PER_CALL) {
    const filter = { eventArns: arns.slice(n, n + ARNS_PER_CALL) };
    for await (const page of paginateDescribeAffectedEntities(
      { client: health, pageSize: 100 },
      { filter },
    )) {
      for (const e of page.entities ?? []) {
        if (e.eventArn && e.entityValue) out.push({ eventArn: e.eventArn, value: e.entityValue });
      }
    }
  }
  return out;
}
