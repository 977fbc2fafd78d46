import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load';
import { OPERATIONS } from '../../src/config/operations';
import { requiresApproval } from '../../src/ops/catalog';

const problems = (text: string): string[] => {
  try {
    parseConfig(text, 'config/accounts.yml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

const base = (account: string): string => `accounts:\n  prod:\n${account}`;
const ok = `    id: "111122223333"\n    role_arn: arn:aws:iam::111122223333:role/ec2-ops-bot\n`;

describe('config validation', () => {
  it('accepts the committed example and fills defaults', () => {
    const cfg = parseConfig(
      readFileSync('config/accounts.example.yml', 'utf8'),
      'config/accounts.example.yml',
    );
    expect([...cfg.accounts.keys()]).toEqual(['prod', 'staging']);
    const staging = cfg.accounts.get('staging')!;
    expect(staging.approval.ttl_minutes).toBe(60);
    expect(staging.approval.self_approve).toBe(true);
    expect(cfg.accounts.get('prod')!.regions).toEqual(['ap-northeast-2', 'us-east-1']);
  });

  it('uses defaults.regions for an account without regions', () => {
    const cfg = parseConfig(`defaults: { regions: [eu-west-1] }\n${base(ok)}`, 'f.yml');
    expect(cfg.accounts.get('prod')!.regions).toEqual(['eu-west-1']);
  });

  it('fills the defaults of a missing defaults block and a missing approval block', () => {
    const acc = parseConfig(base(ok), 'f.yml').accounts.get('prod')!;
    expect(acc.regions).toEqual(['us-east-1']);
    expect(acc.approval).toEqual({ self_approve: false, ttl_minutes: 60 });
    // No list in the file: each operation's catalog entry decides, and only those that change nothing
    // on an instance (or only start it) run without an approver.
    const waits = OPERATIONS.filter((op) => requiresApproval(acc, op));
    expect(OPERATIONS.filter((op) => !waits.includes(op)).sort()).toEqual(['backup', 'reschedule', 'start']);
    expect(
      requiresApproval(
        { approval: { required_for: ['stop'], self_approve: false, ttl_minutes: 1 } },
        'force-stop',
      ),
    ).toBe(true);
    expect(acc.operators).toEqual([]);
  });

  it('names a bad alias, a value out of range, an empty list and a null with their fixes', () => {
    expect(problems(`accounts:\n  Prod:\n${ok}`)).toEqual([
      'accounts.Prod: alias must be lower-case letters, digits, - or _',
    ]);
    const p = problems(
      base(
        `    id: ~\n    role_arn: arn:aws:iam::111122223333:role/x\n    regions: []\n    snapshots: { daily_days: -1 }\n`,
      ),
    );
    expect(p).toEqual([
      'accounts.prod.id: expected string, found null',
      'accounts.prod.regions: list at least one region',
      'accounts.prod.snapshots.daily_days: must be at least 0',
    ]);
    expect(problems(`acounts: {}\n`)).toEqual([
      '(top level): unknown key "acounts" — remove it or check the spelling',
      'accounts: define at least one account — or organization: to discover them from AWS Organizations',
    ]);
  });

  it('names the key path and the fix for a bad role ARN', () => {
    expect(problems(base(`    id: "111122223333"\n    role_arn: ec2-ops-bot\n`))).toEqual([
      'accounts.prod.role_arn: not an IAM role ARN — write arn:aws:iam::<account id>:role/<name>',
    ]);
  });

  it('says an unquoted account id must be a quoted 12-digit string', () => {
    const p = problems(base(`    id: 111122223333\n    role_arn: arn:aws:iam::111122223333:role/x\n`));
    expect(p).toEqual(['accounts.prod.id: expected string, found number']);
  });

  it('reports a missing key, an unknown key and a bad region together', () => {
    const p = problems(
      base(
        `    role_arn: arn:aws:iam::111122223333:role/x\n    regionz: [us-east-1]\n    regions: [useast1]\n`,
      ),
    );
    expect(p).toContain('accounts.prod.id: missing — add it');
    expect(p).toContain('accounts.prod: unknown key "regionz" — remove it or check the spelling');
    expect(p).toContain(
      'accounts.prod.regions.0: not an AWS region name — write e.g. us-east-1 or ap-northeast-2',
    );
  });

  it('refuses a role in another account than the id', () => {
    expect(
      problems(base(`    id: "111122223333"\n    role_arn: arn:aws:iam::999999999999:role/x\n`)),
    ).toEqual([
      'accounts.prod.role_arn: the role is in account 999999999999, not 111122223333 — fix id or role_arn',
    ]);
  });

  it('refuses an unknown operation, a bad time zone and a bad quiet-hours time', () => {
    const p = problems(
      base(
        `${ok}    approval: { required_for: [nuke] }\n    quiet_hours: { tz: Mars/Olympus, from: "25:00", to: "08:00" }\n`,
      ),
    );
    expect(
      p.find((x) => x.startsWith('accounts.prod.approval.required_for.0: "nuke" is not one of')),
    ).toBeDefined();
    expect(p).toContain('accounts.prod.quiet_hours.tz: not an IANA time zone — write e.g. UTC or Asia/Seoul');
    expect(p).toContain('accounts.prod.quiet_hours.from: not a time — write HH:MM, e.g. "22:00"');
  });

  it('reserves the alias "all" and requires an account', () => {
    expect(problems(`accounts:\n  all:\n${ok}`)).toContain(
      'accounts: "all" is reserved for every account — rename it',
    );
    expect(problems('accounts: {}\n')).toContain(
      'accounts: define at least one account — or organization: to discover them from AWS Organizations',
    );
  });

  const org = `organization:\n  role_arn: arn:aws:iam::999999999999:role/ec2-ops-bot-org\n  member_role_name: ec2-ops-bot\n`;

  it('accepts organization: without accounts:, filling its defaults', () => {
    const cfg = parseConfig(org, 'f.yml');
    expect(cfg.accounts.size).toBe(0);
    expect(cfg.organization).toEqual({
      role_arn: 'arn:aws:iam::999999999999:role/ec2-ops-bot-org',
      member_role_name: 'ec2-ops-bot',
      refresh_minutes: 60,
      tags: {
        alias: 'ec2bot:alias',
        channel: 'ec2bot:channel',
        oncall: 'ec2bot:oncall',
        operators: 'ec2bot:operators',
        approvers: 'ec2bot:approvers',
      },
    });
  });

  it('names a bad organization key with its fix', () => {
    const p = problems(
      `${org}  ous: [engineering]\n  refresh_minutes: 0\n  member_role_name: "arn:aws:iam::1:role/x"\n`.replace(
        '  member_role_name: ec2-ops-bot\n',
        '',
      ),
    );
    expect(p).toEqual([
      'organization.member_role_name: not an IAM role name — write the name only, e.g. ec2-ops-bot',
      'organization.ous.0: not an organizational unit id — write e.g. ou-abcd-11111111 (or a root, r-abcd)',
      'organization.refresh_minutes: must be at least 1',
    ]);
  });

  it('routing and mutes: an account’s own win over the defaults, as a whole', () => {
    const cfg = parseConfig(
      `defaults:\n  routing: { tag: team, teams: { payments: { channel: C0PAY } } }\n  mutes: [{ tag: "env=dev" }]\naccounts:\n  prod:\n${ok}    mutes: [{ event: AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED }]\n  stage:\n    id: "222233334444"\n    role_arn: arn:aws:iam::222233334444:role/x\n    routing: { tag: owner, teams: { web: { channel: C0WEB, oncall: [S0WEB] } } }\n`,
      'f.yml',
    );
    const prod = cfg.accounts.get('prod')!;
    const stage = cfg.accounts.get('stage')!;
    expect(prod.routing).toEqual({ tag: 'team', teams: { payments: { channel: 'C0PAY', oncall: [] } } });
    expect(prod.mutes).toEqual([{ event: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED' }]);
    expect(stage.routing?.tag).toBe('owner');
    expect(stage.mutes).toEqual([{ tag: 'env=dev' }]);
  });

  it('refuses an empty mute, a tag rule without "=" and a team without a channel id', () => {
    const p = problems(
      base(
        `${ok}    mutes: [{}, { tag: env }]\n    routing: { tag: team, teams: { web: { channel: web } } }\n`,
      ),
    );
    expect(p).toEqual([
      'accounts.prod.routing.teams.web.channel: not a Slack channel id — write e.g. C0123ABCD',
      'accounts.prod.mutes.0: a mute needs event, tag or both — e.g. { tag: "env=dev" }',
      'accounts.prod.mutes.1.tag: not a tag rule — write key=value, e.g. "env=dev"',
    ]);
  });

  it('says where invalid YAML is', () => {
    expect(problems('accounts:\n  prod: [\n')[0]).toMatch(/^not valid YAML at line \d+/);
  });

  it('names the file when it cannot be read', () => {
    expect(() => loadConfig({ EC2BOT_CONFIG: '/nonexistent/accounts.yml' })).toThrow(
      /\/nonexistent\/accounts.yml: invalid configuration\n {2}- cannot read the file/,
    );
  });
});

describe('maintenance config', () => {
  const m = (block: string, where: 'defaults' | 'account' = 'account'): string =>
    where === 'defaults'
      ? `defaults:\n  maintenance: ${block}\n${base(ok)}`
      : base(`${ok}    maintenance: ${block}\n`);

  it('parses the issue example and fills the group and wave defaults', () => {
    const cfg = parseConfig(
      m(
        `{ tz: Asia/Seoul, windows: ["Tue 02:00-05:00", "Thu 02:00-05:00"], freezes: [{ from: "2026-12-20", to: "2027-01-03", reason: "year-end freeze" }], groups: { by: [asg, "tag:service"], max_unavailable: 1 } }`,
      ),
      'f.yml',
    );
    const mt = cfg.accounts.get('prod')!.maintenance!;
    expect(mt.windows).toEqual(['Tue 02:00-05:00', 'Thu 02:00-05:00']);
    expect(mt.groups).toEqual({ by: ['asg', 'tag:service'], max_unavailable: 1 });
    // waves are measured unless wave_minutes fixes them; Auto Scaling members go through standby; an
    // instance AWS stops at its event time is started again
    expect(mt.wave_minutes).toBeUndefined();
    expect(mt).toMatchObject({ wave_gap_minutes: 2, asg: 'standby', after_aws_stop: 'start' });
    const minimal = parseConfig(m(`{ windows: ["Sat 23:00-02:00"] }`), 'f.yml').accounts.get('prod')!;
    expect(minimal.maintenance).toMatchObject({ tz: 'UTC', freezes: [], groups: { by: ['asg'] } });
  });

  it('takes defaults.maintenance for an account without one; the account block wins whole', () => {
    const inherited = parseConfig(m(`{ windows: ["Wed 01:00-03:00"] }`, 'defaults'), 'f.yml');
    expect(inherited.accounts.get('prod')!.maintenance?.windows).toEqual(['Wed 01:00-03:00']);
    const own = parseConfig(
      `defaults:\n  maintenance: { tz: Asia/Seoul, windows: ["Wed 01:00-03:00"] }\n${base(`${ok}    maintenance: { windows: ["Fri 10:00-11:00"] }\n`)}`,
      'f.yml',
    ).accounts.get('prod')!;
    expect(own.maintenance).toMatchObject({ tz: 'UTC', windows: ['Fri 10:00-11:00'] });
  });

  it('names each bad maintenance key with its fix', () => {
    expect(
      problems(
        m(
          `{ tz: Mars/Olympus, windows: ["Tuesday 2-5"], freezes: [{ from: "20.12.2026", to: "2027-01-03" }], groups: { by: [service], max_unavailable: 0 } }`,
        ),
      ),
    ).toEqual([
      'accounts.prod.maintenance.tz: not an IANA time zone — write e.g. UTC or Asia/Seoul',
      'accounts.prod.maintenance.windows.0: not a weekly window — write "Tue 02:00-05:00" (Mon…Sun, HH:MM-HH:MM)',
      'accounts.prod.maintenance.freezes.0.from: not a date — write "2026-12-20" (a whole day in the maintenance tz) or an ISO time "2026-12-20T18:00:00Z"',
      'accounts.prod.maintenance.groups.by.0: write asg or tag:<key>, e.g. "tag:service"',
      'accounts.prod.maintenance.groups.max_unavailable: at least 1 — one member at a time',
    ]);
    expect(problems(m(`{ windows: [] }`, 'defaults'))).toEqual([
      'defaults.maintenance.windows: list at least one window, e.g. ["Tue 02:00-05:00"]',
    ]);
    expect(
      problems(m(`{ windows: ["Tue 02:00-05:00"], freezes: [{ from: "2027-01-03", to: "2026-12-20" }] }`)),
    ).toEqual([
      'accounts.prod.maintenance.freezes.0.to: the freeze ends before it starts — swap from and to',
    ]);
    expect(problems(m(`{ windows: ["Tue 02:00-05:00"], window: 1 }`))).toEqual([
      'accounts.prod.maintenance: unknown key "window" — remove it or check the spelling',
    ]);
  });
});
