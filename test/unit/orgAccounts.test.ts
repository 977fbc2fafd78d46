import { parseConfig } from '../../src/config/load';
import { aliasOfName, discoveredAccounts, type OrgAccount } from '../../src/domain/orgAccounts';

const cfg = parseConfig(
  `defaults:
  regions: [eu-west-1]
  mutes: [{ tag: "env=dev" }]
accounts:
  prod:
    id: "111111111111"
    role_arn: arn:aws:iam::111111111111:role/ec2-ops-bot
organization:
  role_arn: arn:aws:iam::999999999999:role/org
  external_id: ext-123
  member_role_name: ec2-ops-bot
`,
  'f.yml',
);
const org = { defaults: cfg.defaults, organization: cfg.organization! };
const explicit = [...cfg.accounts.values()];
const member = (
  id: string,
  name: string,
  tags: Record<string, string> = {},
  status = 'ACTIVE',
): OrgAccount => ({
  id,
  name,
  status,
  tags,
});

describe('accounts discovered from AWS Organizations', () => {
  it('lower-cases a name to a valid alias', () => {
    expect(aliasOfName('Payments Prod (EU)')).toBe('payments-prod-eu');
    expect(aliasOfName('--Data_Lake--')).toBe('data_lake');
    expect(aliasOfName('x'.repeat(40))).toHaveLength(32);
  });

  it('builds an entry like a configured one: role, external id, regions, defaults, people from tags', () => {
    const { accounts, problems } = discoveredAccounts(org, explicit, [
      member('333333333333', 'Search', {
        'ec2bot:alias': 'search',
        'ec2bot:channel': 'C0SEARCH',
        'ec2bot:operators': 'U0ALICE  S0OPS',
        'ec2bot:approvers': 'U0BOB bob',
      }),
    ]);
    expect(accounts).toEqual([
      expect.objectContaining({
        alias: 'search',
        source: 'organization',
        id: '333333333333',
        role_arn: 'arn:aws:iam::333333333333:role/ec2-ops-bot',
        external_id: 'ext-123',
        regions: ['eu-west-1'],
        alert_channel: 'C0SEARCH',
        operators: ['U0ALICE', 'S0OPS'],
        approvers: ['U0BOB'],
        oncall: [],
        mutes: [{ tag: 'env=dev' }],
      }),
    ]);
    expect(accounts[0]!.approval.required_for).toEqual(explicit[0]!.approval.required_for);
    expect(problems).toEqual([
      {
        id: '333333333333',
        alias: 'search',
        kind: 'tag',
        problem: 'tag ec2bot:approvers has bob: not Slack ids — ignored',
      },
    ]);
  });

  it('config wins: a configured id is skipped, a configured alias is a clash; two members clash too', () => {
    const { accounts, problems } = discoveredAccounts(org, explicit, [
      member('111111111111', 'Prod Again'),
      member('444444444444', 'Old', { 'ec2bot:alias': 'prod' }),
      member('555555555555', 'Web'),
      member('666666666666', 'web'),
      member('777777777777', 'Gone', {}, 'SUSPENDED'),
      member('888888888888', '!!!'),
    ]);
    expect(accounts.map((a) => a.alias)).toEqual(['web']);
    expect(problems.map((p) => [p.id, p.kind, p.problem.split(' — ')[0]])).toEqual([
      ['444444444444', 'alias', 'alias "prod" is already accounts.prod in the config'],
      ['666666666666', 'alias', 'alias "web" is already account 555555555555 from the organization'],
      ['888888888888', 'alias', 'no usable alias ("")'],
    ]);
  });
});
