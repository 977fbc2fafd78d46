import type { STSClient } from '@aws-sdk/client-sts';
import type { ServiceClient } from '../../src/aws/clients';
import { parseConfig } from '../../src/config/load';
import { ORG_REFRESH } from '../../src/jobs/orgRefresh';
import { AccountRegistry } from '../../src/org/registry';
import { type Bed, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import { FakeHealth } from '../helpers/fakeHealth';
import type { SlackCall } from '../helpers/fakeSlack';
import { jobFinished } from '../helpers/jobs';
import type { Moto } from '../helpers/moto';
import { type MotoOrg, motoOrganization } from '../helpers/moto_org';

const MANAGEMENT = '999999999999';
const PROD = '111111111111';
const DAY = 86_400_000;

let moto: Moto;
let org: MotoOrg;
let bot: TestBot;
let bed: Bed | undefined;
// AWS Health is not in moto: the HTTP-level fake (docs/architecture.md §7), extended with the organizational view.
const health = new FakeHealth();
const ou: Record<string, string> = {};
const acct: Record<string, string> = {};

/**
 * moto grants every AssumeRole, so a member whose role is missing is played by a middleware on the bot's
 * STS-as-account clients of one alias answering `AccessDenied`, as STS does when the role does not exist
 * or does not trust the bot. Only the error's name matters to the bot.
 */
const UNASSUMABLE = 'payments-prod';
function refuseRole(client: ServiceClient, key: { account: string; service: string }): void {
  if (key.service !== 'sts' || key.account !== UNASSUMABLE) return;
  (client as STSClient).middlewareStack.add(
    () => async () => {
      throw Object.assign(new Error('not authorized to perform sts:AssumeRole'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      });
    },
    { step: 'initialize', name: 'testRefuseRole' },
  );
}

/** While set, the organization role's Organizations calls answer AccessDeniedException (same reason). */
let refuseOrg = false;
function refuseOrganizations(client: ServiceClient, key: { account: string; service: string }): void {
  if (key.service !== 'organizations') return;
  (client as STSClient).middlewareStack.add(
    (next) => async (args) => {
      if (!refuseOrg) return next(args);
      throw Object.assign(new Error('not authorized to perform organizations:ListAccountsForParent'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      });
    },
    { step: 'initialize', name: 'testRefuseOrganizations' },
  );
}

const config = (workloads: string): string => `
defaults: { regions: [us-east-1] }
accounts:
  prod:
    id: "${PROD}"
    role_arn: arn:aws:iam::${PROD}:role/ec2-ops-bot
    alert_channel: C0PRODALERT
organization:
  role_arn: arn:aws:iam::${MANAGEMENT}:role/ec2-ops-bot-org
  external_id: org-external
  member_role_name: ec2-ops-bot
  ous: [${workloads}]
  regions: [us-east-1]
  refresh_minutes: 60
`;

beforeAll(async () => {
  bed = await startBed({
    name: 'organization',
    // the organization the bot discovers at its start, and the config that names its OU
    before: async (m) => {
      org = await motoOrganization(m, MANAGEMENT);
      ou.workloads = await org.createOu(org.rootId, 'workloads');
      ou.payments = await org.createOu(ou.workloads, 'payments'); // nested: found by recursion
      acct.payments = await org.createAccount('Payments Prod', ou.payments, {
        'ec2bot:channel': 'C0PAYALERT',
      });
      acct.clash = await org.createAccount('Old Prod', ou.workloads, { 'ec2bot:alias': 'prod' });
      acct.outside = await org.createAccount('Sandbox', org.rootId, { 'ec2bot:alias': 'sandbox' });
      return { config: config(ou.workloads!) };
    },
    health,
    aws: {
      onClient: (c, k) => {
        refuseRole(c, k);
        refuseOrganizations(c, k);
      },
    },
  });
  ({ moto, bot } = bed);
}, 120_000);
afterAll(async () => {
  await bed?.close();
  org?.close();
});
beforeEach(() => bot.slack.clear());

const answer = (responseUrl: string) =>
  bot.slack.waitFor(
    (calls: SlackCall[]) =>
      calls.find((c) => c.method === 'response_url' && c.responseId === responseUrl.split('/').pop()),
    60_000,
  );

async function refresh(reason: string): Promise<void> {
  const jobId = `org-refresh-test-${reason}`;
  await bot.deps.queues.enqueue(ORG_REFRESH, { correlationId: jobId }, { jobId });
  expect(await jobFinished(bot, 'schedules', jobId)).toBe('completed');
}

it('an account created in an OU becomes usable after the refresh job, without editing the config', async () => {
  await refresh('before');
  const aliases = [...bot.deps.config.accounts.keys()];
  expect(aliases).toContain('payments-prod'); // name lower-cased; nested OU
  expect(aliases).not.toContain('sandbox'); // outside the OUs named in the config
  const created = await bot.command('events search');
  expect(created.body.text).toContain('No account "search"');

  acct.search = await org.createAccount('Search Team', ou.workloads!, {
    'ec2bot:alias': 'search',
    'ec2bot:channel': 'C0SEARCH',
    'ec2bot:oncall': 'U0SEARCH1 S0SEARCH',
  });
  const [instance] = await moto.launch(acct.search, 'us-east-1', { name: 'search-1' });
  await moto.injectEvents(acct.search, 'us-east-1', instance!, [
    { Code: 'instance-stop', NotBefore: new Date(Date.now() + 2 * DAY).toISOString() },
  ]);
  await refresh('after');

  const search = bot.deps.config.accounts.get('search')!;
  expect(search).toMatchObject({
    id: acct.search,
    source: 'organization',
    role_arn: `arn:aws:iam::${acct.search}:role/ec2-ops-bot`,
    external_id: 'org-external',
    alert_channel: 'C0SEARCH',
    oncall: ['U0SEARCH1', 'S0SEARCH'],
    regions: ['us-east-1'],
  });
  const { responseUrl } = await bot.command('events search');
  const got = await answer(responseUrl);
  expect(JSON.stringify(got.body)).toContain(instance);
  expect(JSON.stringify(got.body)).toContain('instance-stop');

  // Another process (a web or worker started apart) reads the same registry from Redis.
  const other = parseConfig(config(ou.workloads!), 'other.yml');
  expect(other.accounts.has('search')).toBe(false);
  await new AccountRegistry(bot.deps.redis, bot.deps.keyPrefix, other).sync(true);
  expect(other.accounts.get('search')?.id).toBe(acct.search);
  expect(other.accounts.get('prod')?.source).toBe('config');
}, 120_000);

it('/ec2 accounts shows where each account came from and the alias clash', async () => {
  const { responseUrl } = await bot.command('accounts');
  const text: string = (await answer(responseUrl)).body.text;
  expect(text).toMatch(/\*prod\* \(_config_\) — ok/);
  expect(text).toMatch(/\*search\* \(_organization_\) — ok/);
  // A member whose role cannot be assumed stays listed, with the reason, and the refresh recorded it.
  expect(text).toMatch(
    /:x: \*payments-prod\* \(_organization_\) — cannot assume arn:aws:iam::\d{12}:role\/ec2-ops-bot/,
  );
  expect(bot.deps.registry.last!.problems).toContainEqual(
    expect.objectContaining({ id: acct.payments, kind: 'role' }),
  );
  // The member tagged alias "prod" is left out and said so; the configured prod stays the config's.
  expect(bot.deps.config.accounts.get('prod')!.id).toBe(PROD);
  expect(text).toContain(
    `account \`${acct.clash}\` (prod) — alias "prod" is already accounts.prod in the config`,
  );
  expect(text).not.toContain('sandbox');
}, 60_000);

describe('AWS Health organizational view', () => {
  let healthOnly: string;
  const event = () => ({
    arn: 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/org-1',
    eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
    eventTypeCategory: 'scheduledChange' as const,
    region: 'us-east-1',
    startTime: new Date(Date.now() + 5 * DAY),
    statusCode: 'upcoming' as const,
  });
  beforeAll(async () => {
    healthOnly = (await moto.launch(acct.search!, 'us-east-1', { name: 'retiring-1' }))[0]!;
    const entities = [`arn:aws:ec2:us-east-1:${acct.search}:instance/${healthOnly}`];
    health.organization.events = [{ ...event(), accounts: { [acct.search!]: entities } }];
    health.set('search', { events: [{ ...event(), entities }] });
    health.set('prod', { subscriptionRequired: true, events: [] });
  });
  beforeEach(() => {
    health.calls.length = 0;
  });

  it('enabled: Health is asked once for the organization, and members are not asked one by one', async () => {
    health.organization.enabled = true;
    const { responseUrl } = await bot.command('events all');
    const got = await answer(responseUrl);
    expect(JSON.stringify(got.body)).toContain(
      'asked once for the organization (organizational view, 2 accounts)',
    );
    expect(JSON.stringify(got.body)).toContain(healthOnly);
    expect(JSON.stringify(got.body)).toContain('instance-retirement');
    const targets = health.calls.map((c) => `${c.account}:${c.target}`);
    expect(targets).toContain('@organization:DescribeHealthServiceStatusForOrganization');
    expect(targets.filter((t) => t === '@organization:DescribeEventsForOrganization')).toHaveLength(1);
    expect(targets).toContain('@organization:DescribeAffectedAccountsForOrganization');
    expect(targets).toContain('@organization:DescribeAffectedEntitiesForOrganization');
    // members (search, payments-prod) are covered; prod is not a member of this organization: asked itself
    expect(targets.filter((t) => t.endsWith(':DescribeEvents')).map((t) => t.split(':')[0])).toEqual([
      'prod',
    ]);
  }, 60_000);

  it('us-east-1 down: the organizational view answers from us-east-2, at most 4 calls in flight', async () => {
    health.organization.enabled = true;
    const saved = health.organization.events;
    // 12 more events, each affecting the member: enough calls to show the cap
    const extra = Array.from({ length: 12 }, (_, n) => ({
      ...event(),
      arn: `${event().arn}-extra-${n}`,
      accounts: {
        [acct.search!]: [`arn:aws:ec2:us-east-1:${acct.search}:instance/i-0000000000000${100 + n}`],
      },
    }));
    health.organization.events = [...saved, ...extra];
    health.orgDelayMs = 30;
    health.orgMaxInFlight = 0;
    health.down.set('us-east-1', '503');
    try {
      const { responseUrl } = await bot.command('events search');
      const got = await answer(responseUrl);
      expect(JSON.stringify(got.body)).toContain('organizational view');
      expect(JSON.stringify(got.body)).toContain(healthOnly);
      const org = health.calls.filter((c) => c.account === '@organization');
      expect(org.some((c) => c.region === 'us-east-1')).toBe(true);
      const east2 = org.filter((c) => c.region === 'us-east-2');
      expect(east2.map((c) => c.target)).toContain('DescribeEventsForOrganization');
      // the current filter parameter, never the deprecated one
      const entities = east2.filter((c) => c.target === 'DescribeAffectedEntitiesForOrganization');
      expect(entities.length).toBeGreaterThan(0);
      for (const c of entities) {
        expect(c.body.organizationEntityAccountFilters.length).toBeGreaterThan(0);
        expect(c.body.organizationEntityFilters).toBeUndefined();
      }
      expect(health.orgMaxInFlight).toBeGreaterThan(1);
      expect(health.orgMaxInFlight).toBeLessThanOrEqual(4);
    } finally {
      health.down.clear();
      health.orgDelayMs = 0;
      health.organization.events = saved;
    }
  }, 90_000);

  it('not enabled: each account is asked, and the answer says so', async () => {
    health.organization.enabled = false;
    const { responseUrl } = await bot.command('events search');
    const got = await answer(responseUrl);
    expect(JSON.stringify(got.body)).toContain("AWS Health's organizational view is not enabled");
    expect(JSON.stringify(got.body)).toContain(healthOnly);
    const targets = health.calls.map((c) => `${c.account}:${c.target}`);
    expect(targets).toContain('search:DescribeEvents');
    expect(targets).not.toContain('@organization:DescribeEventsForOrganization');
  }, 60_000);
});

it('a failed listing is reported and keeps the accounts discovered before', async () => {
  refuseOrg = true;
  try {
    await refresh('refused');
  } finally {
    refuseOrg = false;
  }
  expect(bot.deps.config.accounts.get('search')?.source).toBe('organization');
  const { responseUrl } = await bot.command('accounts');
  const text: string = (await answer(responseUrl)).body.text;
  expect(text).toMatch(
    /:x: last listing failed .*: the organization role was refused \(AccessDeniedException\)/,
  );
  expect(text).toMatch(/\*search\* \(_organization_\) — ok/);
}, 60_000);
