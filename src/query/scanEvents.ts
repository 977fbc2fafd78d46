import type { Actor } from '../aws/clients';
import { type Enriched, emptyEnriched } from '../aws/enrich';
import { type HealthScan, scanHealth } from '../aws/health';
import { orgHealthEnabled, scanHealthOrg } from '../aws/healthOrg';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { type HealthNotice, isHistory, mergeEvents, type ScheduledEvent } from '../domain/events';
import type { ScanFailure } from '../domain/scan';
import { classifyAwsError } from '../errors/aws';
import type { EventRow } from '../views/events';
import type { HealthOrgOutcome } from '../views/scanNotes';
import { type AccountsProgress, accountsProgress } from './accountsProgress';
import { activeUnits } from './activeRegions';
import { failureOf, fanOut, type ScanUnit, UNIT_TIMEOUT_MS, withDeadline } from './fanout';

export interface EventsScan {
  rows: EventRow[];
  notices: HealthNotice[];
  failures: ScanFailure[];
  healthUnavailable: string[];
  healthOrg?: HealthOrgOutcome;
  skippedEmpty: number;
}

const unitKey = (account: string, region: string): string => `${account}|${region}`;

/**
 * Every account-region at once: DescribeInstanceStatus (events) then the affected instances' details;
 * beside it, per account, AWS Health. Then merge, and fetch details of instances only Health named.
 */
export async function scanEvents(
  deps: Deps,
  accounts: Account[],
  region: string | undefined,
  actor: Actor,
  onProgress?: (p: AccountsProgress<ScheduledEvent>) => void,
): Promise<EventsScan> {
  const healthP = healthOfAll(deps, accounts, region, actor);
  const { units, skippedEmpty } = await activeUnits(deps, accounts, region, actor);
  const progress = accountsProgress<{ events: ScheduledEvent[] }, ScheduledEvent>(
    accounts,
    units,
    (v) => v.events.filter((e) => !isHistory(e.description)),
    onProgress,
  );
  const ec2 = await fanOut(
    units,
    'EC2 scheduled events',
    async (u) => {
      const ec2 = deps.ec2Port(u.account, u.region, actor);
      const events = await ec2.scheduledEvents();
      const ids = events.filter((e) => !isHistory(e.description)).map((e) => e.instanceId);
      const details = ids.length ? await ec2.instanceDetails(ids) : emptyEnriched();
      return { events, details };
    },
    { onSettled: progress },
  );
  const health = await healthP;
  const details = new Map(
    ec2.results.map((r) => [unitKey(r.unit.account.alias, r.unit.region), r.value.details]),
  );
  const answered = new Set(details.keys());
  const events = mergeEvents(
    ec2.results.flatMap((r) => r.value.events),
    health.events.filter((e) => answered.has(unitKey(e.account, e.region))),
  );
  const late = await enrichHealthOnly(deps, units, events, details, actor);
  return {
    rows: events.map((event) => rowOf(event, details.get(unitKey(event.account, event.region)))),
    notices: health.notices,
    failures: [...ec2.failures, ...health.failures, ...late],
    healthUnavailable: health.unavailable,
    skippedEmpty,
    ...(health.org ? { healthOrg: health.org } : {}),
  };
}

function rowOf(event: ScheduledEvent, d: Enriched | undefined): EventRow {
  const instance = d?.instances.get(event.instanceId);
  const type = instance ? d?.types.get(instance.type) : undefined;
  return {
    event,
    instance,
    instanceStore: type?.instanceStore ?? false,
    rebootMigrationSupported: type?.rebootMigration,
  };
}

interface HealthAll extends HealthScan {
  failures: ScanFailure[];
  unavailable: string[];
  org?: HealthOrgOutcome;
}

/**
 * With `organization:`, the organization's members among `accounts` are asked once through AWS
 * Health's organizational view (as the organization role) when it is enabled; otherwise, or when it
 * fails, each account is asked as before and the answer says why. Returns the accounts still to ask.
 */
async function healthOfOrganization(
  deps: Deps,
  accounts: Account[],
  region: string | undefined,
  out: HealthAll,
): Promise<Account[]> {
  const org = deps.config.organization;
  const members = new Set(deps.registry.last?.memberIds ?? []);
  const inOrg = accounts.filter((a) => members.has(a.id));
  if (!org || inOrg.length === 0) return accounts;
  try {
    const role = { alias: '@organization', role_arn: org.role_arn, external_id: org.external_id };
    const byId = new Map(
      inOrg.map((a) => [a.id, { alias: a.alias, regions: region ? [region] : a.regions }]),
    );
    const scan = await withDeadline(
      deps.aws.withHealth(role, undefined, async (health) =>
        (await orgHealthEnabled(health)) ? scanHealthOrg(health, byId) : undefined,
      ),
      UNIT_TIMEOUT_MS,
    );
    if (!scan) {
      out.org = { via: 'accounts', reason: 'not-enabled' };
      return accounts;
    }
    out.events.push(...scan.events);
    out.notices.push(...scan.notices);
    out.org = { via: 'organization', accounts: inOrg.length };
    return accounts.filter((a) => !members.has(a.id));
  } catch (err) {
    deps.log.warn({ err }, 'AWS Health organizational view failed; asking each account');
    out.org = {
      via: 'accounts',
      reason: 'failed',
      errorName: failureOf(err, 'AWS Health', 'organization').errorName,
    };
    return accounts;
  }
}

/** Health for every account in parallel; a missing support plan is a note, anything else a failure. */
async function healthOfAll(
  deps: Deps,
  accounts: Account[],
  region: string | undefined,
  actor: Actor,
): Promise<HealthAll> {
  const out: HealthAll = { events: [], notices: [], failures: [], unavailable: [] };
  const rest = await healthOfOrganization(deps, accounts, region, out);
  await Promise.all(
    rest.map(async (a) => {
      try {
        const regions = region ? [region] : a.regions;
        const scan = await withDeadline(
          deps.aws.withHealth(a, actor, (health) => scanHealth(health, a.alias, regions)),
          UNIT_TIMEOUT_MS,
        );
        out.events.push(...scan.events);
        out.notices.push(...scan.notices);
      } catch (err) {
        if (classifyAwsError(err) === 'subscription-required') out.unavailable.push(a.alias);
        else out.failures.push(failureOf(err, 'AWS Health', a.alias));
        deps.log.debug({ account: a.alias, err }, 'health scan failed');
      }
    }),
  );
  return out;
}

/** Instances only Health named (EC2's answer did not list them): one more lookup in their regions. */
async function enrichHealthOnly(
  deps: Deps,
  units: ScanUnit[],
  events: ScheduledEvent[],
  details: Map<string, Enriched>,
  actor: Actor,
): Promise<ScanFailure[]> {
  const missing = new Map<string, string[]>();
  for (const e of events) {
    const k = unitKey(e.account, e.region);
    if (details.get(k)?.instances.has(e.instanceId)) continue;
    missing.set(k, [...(missing.get(k) ?? []), e.instanceId]);
  }
  const todo = units.filter((u) => missing.has(unitKey(u.account.alias, u.region)));
  const { results, failures } = await fanOut(todo, 'instance details', async (u) => {
    const k = unitKey(u.account.alias, u.region);
    return deps.ec2Port(u.account, u.region, actor).instanceDetails(missing.get(k) ?? []);
  });
  for (const { unit, value } of results) {
    const have = details.get(unitKey(unit.account.alias, unit.region)) ?? emptyEnriched();
    for (const [id, i] of value.instances) have.instances.set(id, i);
    for (const [t, f] of value.types) have.types.set(t, f);
    details.set(unitKey(unit.account.alias, unit.region), have);
  }
  return failures;
}
