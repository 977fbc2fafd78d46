import { readFileSync } from 'node:fs';
import { loadTemplate, resources } from '../helpers/cfn';
import { memberRoleActions, orgRoleActions } from '../helpers/iamActions';

/** Resource types the templates use, with the properties CloudFormation requires of each. */
const REQUIRED: Record<string, string[]> = {
  'AWS::IAM::Role': ['AssumeRolePolicyDocument'],
  'AWS::Events::Connection': ['AuthorizationType', 'AuthParameters'],
  'AWS::Events::ApiDestination': ['ConnectionArn', 'HttpMethod', 'InvocationEndpoint'],
  'AWS::Events::Rule': [],
  'AWS::SQS::Queue': [],
  'AWS::SQS::QueuePolicy': ['PolicyDocument', 'Queues'],
  'AWS::CloudWatch::Alarm': ['ComparisonOperator', 'EvaluationPeriods'],
};

const TEMPLATES = ['deploy/member-role.yml', 'deploy/event-delivery.yml', 'deploy/org-role.yml'];

describe.each(TEMPLATES)('%s', (file) => {
  const t = loadTemplate(file);

  it('is a CloudFormation template with resources', () => {
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(resources(t).length).toBeGreaterThan(0);
  });

  it('uses only known resource types, each with its required properties', () => {
    for (const [id, r] of resources(t)) {
      expect({ id, known: r.Type in REQUIRED }).toEqual({ id, known: true });
      for (const prop of REQUIRED[r.Type] ?? [])
        expect({ id, prop, present: prop in (r.Properties ?? {}) }).toEqual({ id, prop, present: true });
    }
  });

  it('refers only to parameters, resources and conditions it defines', () => {
    const names = new Set([
      ...Object.keys(t.Parameters ?? {}),
      ...resources(t).map(([id]) => id),
      'AWS::Region',
      'AWS::AccountId',
      'InstanceId',
    ]);
    const refs = JSON.stringify(t.Resources).match(/"Ref":"([^"]+)"/g) ?? [];
    for (const ref of refs) expect(names).toContain(ref.slice(7, -1));
    const atts = JSON.stringify(t.Resources).match(/"Fn::GetAtt":\["([^"]+)"/g) ?? [];
    for (const att of atts) expect(names).toContain(att.slice(15, -1));
    for (const [, r] of resources(t))
      if (r.Condition) expect(Object.keys(t.Conditions ?? {})).toContain(r.Condition);
  });
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
