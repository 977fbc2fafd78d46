import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate, resources, validateTemplate } from '../helpers/cfn';
import { memberRoleActions, orgRoleActions } from '../helpers/iamActions';

/**
 * Every template against CloudFormation's resource schemas and cfn-lint's rules (AWS's own validator,
 * offline): a misspelt property, a wrong type, a missing required property, a Ref or GetAtt to nothing
 * fails here, not at `aws cloudformation deploy`. `parameters` are deploy-time values the validator
 * resolves intrinsics with (event-delivery's per-instance alarms exist only when ids are given). The
 * validator checks both branches of every Fn::If whatever the conditions say, so every optional
 * parameter gets a value: a branch that Refs an empty parameter would be reported as empty.
 */
// Building the validator's engine (WASM) takes seconds, and tens of seconds on a loaded machine.
jest.setTimeout(180_000);

const TEMPLATES: [string, Record<string, string>][] = [
  ['deploy/member-role.yml', {}],
  ['deploy/org-role.yml', {}],
  [
    'deploy/event-delivery.yml',
    {
      AlarmInstanceIds: 'i-0123456789abcdef0',
      BotEventBusArn: 'arn:aws:events:us-east-1:999999999999:event-bus/ec2-ops-bot-aws-events',
      BotUrl: 'https://ec2-ops-bot.example.com',
      WebhookToken: 'a-webhook-token-0123456789',
    },
  ],
  [
    'deploy/bot.yml',
    {
      Image: '999999999999.dkr.ecr.us-east-1.amazonaws.com/ec2-ops-bot:1.0.0',
      SlackBotToken: 'xoxb-1',
      SlackAppToken: 'xapp-1',
      SlackSigningSecret: 'signing-secret',
      AlbCertificateArn: 'arn:aws:acm:us-east-1:999999999999:certificate/0123',
      OrganizationId: 'o-abcdefghij',
      OrgRoleArn: 'arn:aws:iam::888888888888:role/ec2-ops-bot-org',
      ExternalId: 'change-me',
      AlarmTopicArn: 'arn:aws:sns:us-east-1:999999999999:oncall',
      PagerDutyKeyEnvNames: 'PD_KEY_PROD,PD_KEY_STAGING,PD_KEY_DEV',
    },
  ],
];

describe.each(TEMPLATES)('%s', (file, parameters) => {
  it('is a CloudFormation template with resources', () => {
    const t = loadTemplate(file);
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(resources(t).length).toBeGreaterThan(0);
  });

  it("passes CloudFormation's resource schemas and lint rules", () => {
    expect(validateTemplate(file, parameters)).toEqual([]);
  });
});

it('the validator finds what a YAML parse does not (a misspelt property, a Ref to nothing)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ec2bot-cfn-'));
  const file = join(dir, 'bad.yml');
  writeFileSync(
    file,
    [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '    Properties: { MessageRetentionPeriods: 60, QueueName: !Ref Nothing }',
    ].join('\n'),
  );
  try {
    const findings = validateTemplate(file).join('\n');
    expect(findings).toMatch(/MessageRetentionPeriods.*was unexpected/);
    expect(findings).toMatch(/'Nothing' is not one of/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('least-privilege organization role', () => {
  const role = resources(loadTemplate('deploy/org-role.yml')).find(
    ([, r]) => r.Type === 'AWS::IAM::Role',
  )![1];
  const granted: string[] = role.Properties!.Policies.flatMap((p: any) =>
    p.PolicyDocument.Statement.flatMap((s: any) => s.Action),
  );

  it('grants every Organizations and organization-wide Health action the code calls, and nothing else', () => {
    expect(orgRoleActions()).toContain('organizations:ListAccountsForParent');
    expect([...new Set(granted)].sort()).toEqual(orgRoleActions());
  });

  it('trusts only the bot principal, with the external id', () => {
    const trust = role.Properties!.AssumeRolePolicyDocument.Statement[0];
    expect(trust.Principal.AWS).toEqual({ Ref: 'BotPrincipalArn' });
    expect(trust.Condition.StringEquals['sts:ExternalId']).toEqual({ Ref: 'ExternalId' });
  });
});

describe('least-privilege member role', () => {
  const role = resources(loadTemplate('deploy/member-role.yml')).find(
    ([, r]) => r.Type === 'AWS::IAM::Role',
  )![1];
  const granted: string[] = role.Properties!.Policies.flatMap((p: any) =>
    p.PolicyDocument.Statement.flatMap((s: any) => s.Action),
  );
  const called = memberRoleActions();

  it('grants every action the code calls, and nothing else', () => {
    expect([...new Set(granted)].sort()).toEqual(called);
  });

  it('deletes only snapshots the bot made, and tags only on create', () => {
    const statements = role.Properties!.Policies[0].PolicyDocument.Statement as any[];
    const del = statements.find((x) => x.Action.includes('ec2:DeleteSnapshot'));
    expect(del.Action).toEqual(['ec2:DeleteSnapshot']);
    expect(del.Condition.StringEquals['aws:ResourceTag/managed-by']).toBe('ec2-ops-bot');
    const tag = statements.find((x) => x.Sid === 'TagOnlyWhatTheBotCreates');
    expect(tag.Action).toEqual(['ec2:CreateTags']);
    expect(tag.Condition.StringEquals['ec2:CreateAction']).toEqual(['CreateSnapshot', 'CreateImage']);
  });

  it('tags and untags instances only with the in-flight keys (the record of an operation that outlives Redis)', () => {
    const statements = role.Properties!.Policies[0].PolicyDocument.Statement as any[];
    const mark = statements.find((x) => x.Sid === 'MarkOperationsInFlight');
    expect(mark.Action).toEqual(['ec2:CreateTags', 'ec2:DeleteTags']);
    expect(mark.Resource).toEqual('arn:aws:ec2:*:*:instance/*');
    expect(mark.Condition['ForAllValues:StringEquals']['aws:TagKeys']).toEqual([
      'ec2bot:op',
      'ec2bot:op-msg',
      'ec2bot:op-before',
    ]);
  });

  it('has no wildcard actions', () => {
    expect(granted.filter((a) => a.includes('*'))).toEqual([]);
  });

  it('trusts only the bot principal, with the ExternalId condition', () => {
    const stmt = role.Properties!.AssumeRolePolicyDocument.Statement[0];
    expect(stmt.Principal.AWS).toEqual({ Ref: 'BotPrincipalArn' });
    expect(stmt.Condition.StringEquals['sts:ExternalId']).toEqual({ Ref: 'ExternalId' });
  });

  it('is the same list the README shows', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /Permissions policy[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1] ?? '{}';
    const listed = [
      ...new Set((JSON.parse(block).Statement as { Action: string[] }[]).flatMap((x) => x.Action)),
    ].sort();
    expect(listed).toEqual(called);
  });
});

describe('event delivery reaches every kind the bot handles', () => {
  const rules = resources(loadTemplate('deploy/event-delivery.yml')).filter(
    ([, r]) => r.Type === 'AWS::Events::Rule',
  );
  const patterns = JSON.stringify(rules.map(([, r]) => r.Properties?.EventPattern));
  const handled = [
    'AWS Health Event',
    'CloudWatch Alarm State Change',
    'EC2 Instance State-change Notification',
    'EC2 Spot Instance Interruption Warning',
    'EC2 Instance Rebalance Recommendation',
  ];

  it.each(handled)('a rule matches "%s"', (detailType) => {
    expect(patterns).toContain(`"${detailType}"`);
  });

  it('the alarm rule and the per-instance alarms include the attached-EBS check', () => {
    expect(patterns).toContain('StatusCheckFailed_AttachedEBS');
    const raw = readFileSync('deploy/event-delivery.yml', 'utf8');
    expect(raw).toMatch(/MetricName: StatusCheckFailed_AttachedEBS/);
  });
});
