import {
  DescribeHealthServiceStatusForOrganizationCommand,
  type Event,
  type HealthClient,
  type OrganizationEvent,
  paginateDescribeAffectedAccountsForOrganization,
  paginateDescribeAffectedEntitiesForOrganization,
  paginateDescribeEventsForOrganization,
} from '@aws-sdk/client-health';
import type { HealthScan } from './health';
import { toNotices, toScheduled } from './health';
import { mapLimit } from './mapLimit';

/** DescribeAffectedEntitiesForOrganization takes at most 10 (event, account) pairs a call. */
const PAIRS_PER_CALL = 10;
/**
 * Organizational-view calls in flight at once (affected accounts per event, entity batches): a large
 * organization's fan-out otherwise meets ThrottlingException.
 */
export const ORG_CONCURRENCY = 4;

/**
 * Whether AWS Health's organizational view is on for the organization the client's role belongs to
 * (management or delegated-administrator account): `healthServiceAccessStatusForOrganization` is
 * ENABLED | DISABLED | PENDING.
 * https://docs.aws.amazon.com/health/latest/APIReference/API_DescribeHealthServiceStatusForOrganization.html
 */
export async function orgHealthEnabled(health: HealthClient): Promise<boolean> {
  const out = await health.send(new DescribeHealthServiceStatusForOrganizationCommand({}));
  return out.healthServiceAccessStatusForOrganization === 'ENABLED';
}

/**
 * Open and upcoming EC2 Health events of every account of the organization at once: one
 * DescribeEventsForOrganization listing (all pages), the accounts each event affects
 * (DescribeAffectedAccountsForOrganization), and the entities per (event, account) pair
 * (DescribeAffectedEntitiesForOrganization, 10 pairs a call). Only accounts in `aliasById` are kept,
 * each within its own regions. The same HealthScan as the per-account path.
 * https://docs.aws.amazon.com/health/latest/ug/aggregate-events.html
 */
export async function scanHealthOrg(
  health: HealthClient,
  aliasById: Map<string, { alias: string; regions: string[] }>,
): Promise<HealthScan> {
  const regions = [...new Set([...aliasById.values()].flatMap((a) => a.regions))];
  const events: OrganizationEvent[] = [];
  const filter = {
    services: ['EC2'],
    regions,
    eventTypeCategories: ['scheduledChange' as const, 'issue' as const],
    eventStatusCodes: ['open' as const, 'upcoming' as const],
  };
  for await (const page of paginateDescribeEventsForOrganization(
    { client: health, pageSize: 100 },
    { filter },
  )) {
    events.push(...(page.events ?? []));
  }
  const pairs: { eventArn: string; awsAccountId: string }[] = [];
  await mapLimit(events, ORG_CONCURRENCY, async (ev) => {
    if (!ev.arn) return;
    for await (const page of paginateDescribeAffectedAccountsForOrganization(
      { client: health, pageSize: 100 },
      { eventArn: ev.arn },
    )) {
      for (const id of page.affectedAccounts ?? []) {
        const a = aliasById.get(id);
        if (a && ev.region && a.regions.includes(ev.region))
          pairs.push({ eventArn: ev.arn, awsAccountId: id });
      }
    }
  });
  const entities = await entitiesOf(health, pairs);
  const byArn = new Map(events.filter((e) => e.arn).map((e) => [e.arn!, e as Event]));
  const out: HealthScan = { events: [], notices: [] };
  for (const { eventArn, awsAccountId } of pairs) {
    const alias = aliasById.get(awsAccountId)!.alias;
    const mine = entities.filter((e) => e.eventArn === eventArn && e.account === awsAccountId);
    const scheduled = toScheduled(alias, byArn, mine);
    out.events.push(...scheduled);
    if (scheduled.length === 0) out.notices.push(...toNotices(alias, [byArn.get(eventArn)!]));
  }
  return out;
}

async function entitiesOf(
  health: HealthClient,
  pairs: { eventArn: string; awsAccountId: string }[],
): Promise<{ eventArn: string; account: string; value: string }[]> {
  const out: { eventArn: string; account: string; value: string }[] = [];
  const batches: (typeof pairs)[] = [];
  for (let n = 0; n < pairs.length; n += PAIRS_PER_CALL) batches.push(pairs.slice(n, n + PAIRS_PER_CALL));
  // `organizationEntityAccountFilters` replaces the deprecated `organizationEntityFilters`:
  // https://docs.aws.amazon.com/health/latest/APIReference/API_DescribeAffectedEntitiesForOrganization.html
  await mapLimit(batches, ORG_CONCURRENCY, async (organizationEntityAccountFilters) => {
    for await (const page of paginateDescribeAffectedEntitiesForOrganization(
      { client: health, pageSize: 100 },
      { organizationEntityAccountFilters },
    )) {
      for (const e of page.entities ?? []) {
        if (e.eventArn && e.entityValue && e.awsAccountId)
          out.push({ eventArn: e.eventArn, account: e.awsAccountId, value: e.entityValue });
      }
    }
  });
  return out;
}
