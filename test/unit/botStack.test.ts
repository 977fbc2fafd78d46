/**
 * deploy/bot.yml, the stack that runs the bot: the properties that matter, read from the template
 * (deploy.test.ts validates it against CloudFormation's resource schemas). Each check is one an
 * operator or a security review would make before deploying it.
 */
import { readFileSync } from 'node:fs';
import { CLOUDWATCH_DIMENSION, CLOUDWATCH_METRICS } from '../../src/process/cloudwatchMetrics';
import { loadTemplate, resources } from '../helpers/cfn';

type Resource = { Type: string; Properties?: Record<string, any>; Condition?: string };
const t = loadTemplate('deploy/bot.yml');
const all = resources(t) as [string, Resource][];
const ofType = (type: string) => all.filter(([, r]) => r.Type === type);
const res = (id: string): Resource => t.Resources[id];
const containers = (id: string): any[] => res(id).Properties!.ContainerDefinitions;
/** `!If [cond, a, b]` items of a list, as the items a deployment can see. */
const items = (list: any[]): any[] => list.flatMap((x) => (x?.['Fn::If'] ? [x['Fn::If'][1]] : [x]));

describe('Redis: ElastiCache for Valkey that keeps the queues', () => {
  const rg = ofType('AWS::ElastiCache::ReplicationGroup');
  const p = rg[0]![1].Properties!;

  it('is one node-based replication group (no Serverless: it cannot be noeviction)', () => {
    expect(rg).toHaveLength(1);
    expect(ofType('AWS::ElastiCache::ServerlessCache')).toEqual([]);
    expect(p.Engine).toBe('valkey');
    expect(p.NumCacheClusters).toBeGreaterThanOrEqual(2);
    expect(p.MultiAZEnabled).toBe(true);
    expect(p.AutomaticFailoverEnabled).toBe(true);
  });

  it('uses a parameter group with maxmemory-policy noeviction', () => {
    const group = res(p.CacheParameterGroupName.Ref);
    expect(group.Type).toBe('AWS::ElastiCache::ParameterGroup');
    expect(group.Properties!.CacheParameterGroupFamily).toMatch(/^valkey/);
    expect(group.Properties!.Properties['maxmemory-policy']).toBe('noeviction');
  });

  it('requires TLS and an AUTH token kept in Secrets Manager, and the bot connects with both', () => {
    expect(p.TransitEncryptionEnabled).toBe(true);
    expect(p.TransitEncryptionMode).toBe('required');
    expect(p.AtRestEncryptionEnabled).toBe(true);
    const secret = /\{\{resolve:secretsmanager:\$\{(\w+)\}\}\}/.exec(p.AuthToken['Fn::Sub'])?.[1];
    expect(res(secret!).Type).toBe('AWS::SecretsManager::Secret');
    for (const task of ['WebTaskDefinition', 'WorkerTaskDefinition']) {
      const c = containers(task)[0];
      const url = c.Environment.find((e: any) => e.Name === 'REDIS_URL').Value['Fn::Sub'];
      expect(url).toMatch(/^rediss:\/\//);
      expect(c.Secrets).toContainEqual({ Name: 'REDIS_PASSWORD', ValueFrom: { Ref: secret } });
    }
  });

  it('accepts connections from the bot tasks only', () => {
    const sg = res(p.SecurityGroupIds[0].Ref).Properties!;
    expect(sg.SecurityGroupIngress).toEqual([
      expect.objectContaining({
        FromPort: 6379,
        ToPort: 6379,
        SourceSecurityGroupId: { Ref: 'TaskSecurityGroup' },
      }),
    ]);
  });
});

describe('no inbound endpoint', () => {
  const ingress = [
    ...ofType('AWS::EC2::SecurityGroup').flatMap(([, r]) => r.Properties!.SecurityGroupIngress ?? []),
    ...ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties!),
  ];

  it('no security group admits the internet', () => {
    expect(ingress.length).toBeGreaterThan(0);
    for (const rule of ingress) {
      expect(rule.CidrIp).not.toBe('0.0.0.0/0');
      expect(rule.CidrIpv6).toBeUndefined();
    }
    expect(t.Rules.HttpModeNeedsListener.Assertions.map((a: any) => a.Assert)).toContainEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlbIngressCidr' }, '0.0.0.0/0'] }],
    });
  });

  it('tasks get no public IP; the only load balancer is internal and exists only in HTTP mode', () => {
    for (const [, svc] of ofType('AWS::ECS::Service'))
      expect(svc.Properties!.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
    const lbs = ofType('AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(lbs).toHaveLength(1);
    expect(lbs[0]![1].Properties!.Scheme).toBe('internal');
    for (const [, r] of all.filter(([, r]) => r.Type.startsWith('AWS::ElasticLoadBalancingV2::')))
      expect(r.Condition).toBe('HttpMode');
  });

  it('web runs two tasks in Socket Mode, attached to the load balancer only in HTTP mode', () => {
    const web = res('WebService').Properties!;
    expect(web.DesiredCount).toBe(2);
    expect(web.LoadBalancers['Fn::If'][0]).toBe('HttpMode');
    expect(web.LoadBalancers['Fn::If'][2]).toEqual({ Ref: 'AWS::NoValue' });
    const appToken = containers('WebTaskDefinition')[0].Secrets.find((s: any) => s['Fn::If'])['Fn::If'];
    expect(appToken[0]).toBe('SocketMode');
    expect(appToken[1].Name).toBe('SLACK_APP_TOKEN');
  });
});

describe('IAM: least privilege', () => {
  const statements = (id: string): any[] =>
    res(id).Properties!.Policies.flatMap((p: any) => p.PolicyDocument.Statement);

  it('the worker may only sts:AssumeRole the member and organization roles, with the ExternalId', () => {
    const role = res('WorkerTaskRole').Properties!;
    expect(role.ManagedPolicyArns).toBeUndefined();
    const s = statements('WorkerTaskRole');
    expect(s).toHaveLength(1);
    expect(s[0].Action).toBe('sts:AssumeRole');
    expect(s[0].Condition).toEqual({ StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } });
    const [cond, withOrg, without] = s[0].Resource['Fn::If'];
    expect(cond).toBe('HasOrgRole');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
    const member = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/${MemberRoleName}' };
    expect(withOrg).toEqual([member, { Ref: 'OrgRoleArn' }]);
    expect(without).toEqual([member]);
  });

  it('the web tasks may only consume the events queue; the worker task runs under the worker role', () => {
    const s = statements('WebTaskRole');
    expect(s).toHaveLength(1);
    expect(s[0].Action.every((a: string) => a.startsWith('sqs:'))).toBe(true);
    expect(s[0].Resource).toEqual({ 'Fn::GetAtt': ['EventsQueue', 'Arn'] });
    expect(res('WorkerTaskDefinition').Properties!.TaskRoleArn).toEqual({
      'Fn::GetAtt': ['WorkerTaskRole', 'Arn'],
    });
    expect(res('WebTaskDefinition').Properties!.TaskRoleArn).toEqual({
      'Fn::GetAtt': ['WebTaskRole', 'Arn'],
    });
  });

  it('the worker role is the principal the member and organization roles trust (an output)', () => {
    expect(t.Outputs.WorkerRoleArn.Value).toEqual({ 'Fn::GetAtt': ['WorkerTaskRole', 'Arn'] });
    for (const file of ['deploy/member-role.yml', 'deploy/org-role.yml'])
      expect(readFileSync(file, 'utf8')).toMatch(/BotPrincipalArn/);
  });
});

describe('secrets reach the containers as ECS secrets, never as plain environment', () => {
  const secretNames = /TOKEN|SECRET|PASSWORD|KEY/;
  const readme = readFileSync('README.md', 'utf8');

  it.each(['WebTaskDefinition', 'WorkerTaskDefinition'])('%s', (task) => {
    const c = containers(task)[0];
    for (const e of c.Environment)
      expect({ env: e.Name, secret: secretNames.test(e.Name) }).toEqual({ env: e.Name, secret: false });
    const names = items(c.Secrets).map((s: any) => s.Name);
    expect(names).toContain('SLACK_BOT_TOKEN');
    expect(names).toContain('REDIS_PASSWORD');
    // Every secret comes from a secret of this stack or the config's SSM parameter.
    for (const s of items(c.Secrets))
      expect(JSON.stringify(s.ValueFrom)).toMatch(/Secret|RedisAuthToken|ssm:/);
    // Every variable set is one the bot documents (EC2BOT_CONFIG_YAML only feeds the start command).
    for (const name of [
      ...c.Environment.map((e: any) => e.Name),
      ...names.filter((n: any) => typeof n === 'string'),
    ])
      if (name !== 'EC2BOT_CONFIG_YAML')
        expect({ name, documented: readme.includes(`\`${name}\``) }).toEqual({ name, documented: true });
  });

  it('web gets the Slack signing secret and the webhook token; the worker gets the PagerDuty keys', () => {
    const web = items(containers('WebTaskDefinition')[0].Secrets).map((s: any) => s.Name);
    expect(web).toEqual(expect.arrayContaining(['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'WEBHOOK_TOKEN']));
    const worker = items(containers('WorkerTaskDefinition')[0].Secrets);
    const pd = worker.filter((s: any) => JSON.stringify(s.ValueFrom).includes('PagerDutySecret'));
    expect(pd).toHaveLength(3);
  });
});

describe('AWS events: member accounts → event bus → SQS (with DLQ) → the web tasks', () => {
  it('the queue redrives to the DLQ and only the rule may send to it', () => {
    const q = res('EventsQueue').Properties!;
    expect(q.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': ['EventsDeadLetterQueue', 'Arn'] });
    expect(q.RedrivePolicy.maxReceiveCount).toBeGreaterThan(1);
    const [stmt] = res('EventsQueuePolicy').Properties!.PolicyDocument.Statement;
    expect(stmt.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(stmt.Action).toBe('sqs:SendMessage');
    expect(stmt.Condition.ArnEquals['aws:SourceArn']).toEqual({ 'Fn::GetAtt': ['EventsRule', 'Arn'] });
  });

  it("the rule on the bot's bus takes every source the member accounts forward, into the queue the web tasks read", () => {
    const rule = res('EventsRule').Properties!;
    expect(rule.EventBusName).toEqual({ Ref: 'EventBus' });
    expect(rule.Targets[0].Arn).toEqual({ 'Fn::GetAtt': ['EventsQueue', 'Arn'] });
    const member = loadTemplate('deploy/event-delivery.yml');
    const forwarded = new Set(
      resources(member)
        .filter(([, r]) => r.Type === 'AWS::Events::Rule')
        .flatMap(([, r]) => r.Properties!.EventPattern.source),
    );
    expect(forwarded.size).toBeGreaterThan(0);
    for (const source of forwarded) expect(rule.EventPattern.source).toContain(source);
    const env = containers('WebTaskDefinition')[0].Environment;
    expect(env).toContainEqual({ Name: 'AWS_EVENTS_QUEUE_URL', Value: { Ref: 'EventsQueue' } });
  });

  it("the member template forwards every rule to the bot's bus when BotEventBusArn is given", () => {
    const member = loadTemplate('deploy/event-delivery.yml');
    const rules = resources(member).filter(([, r]) => r.Type === 'AWS::Events::Rule');
    for (const [, r] of rules) {
      const [cond, toBus] = r.Properties!.Targets[0]['Fn::If'];
      expect(cond).toBe('ToBus');
      expect(toBus.Arn).toEqual({ Ref: 'BotEventBusArn' });
      expect(toBus.DeadLetterConfig).toBeDefined();
    }
    expect(t.Outputs.EventBusArn.Value).toEqual({ 'Fn::GetAtt': ['EventBus', 'Arn'] });
  });
});

describe('scaling and alarms read what the workers publish', () => {
  const alarms = ofType('AWS::CloudWatch::Alarm').map(([id, r]) => [id, r.Properties!] as const);
  const ns = containers('WorkerTaskDefinition')[0].Environment.find(
    (e: any) => e.Name === 'EC2BOT_CLOUDWATCH_NAMESPACE',
  ).Value;
  const ours = alarms.filter(([, a]) => JSON.stringify(a.Namespace) === JSON.stringify(ns));

  it("every alarm on the bot's namespace names a metric and dimension the worker writes", () => {
    expect(ours.length).toBeGreaterThan(0);
    const published: string[] = Object.values(CLOUDWATCH_METRICS);
    for (const [id, a] of ours) {
      expect({ id, metric: published.includes(a.MetricName) }).toEqual({ id, metric: true });
      expect(a.Dimensions).toEqual(
        Object.entries(CLOUDWATCH_DIMENSION).map(([Name, Value]) => ({ Name, Value })),
      );
    }
    expect(new Set(ours.map(([, a]) => a.MetricName))).toEqual(new Set(published));
  });

  it('workers scale out on jobs waiting and in when none wait', () => {
    const byAction = (policy: string) => ours.find(([, a]) => a.AlarmActions[0].Ref === policy)![1];
    expect(byAction('WorkerScaleOut').MetricName).toBe(CLOUDWATCH_METRICS.waiting);
    expect(byAction('WorkerScaleIn').MetricName).toBe(CLOUDWATCH_METRICS.waiting);
    const target = res('WorkerScalableTarget').Properties!;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
    expect(target.ResourceId['Fn::Sub']).toContain('${WorkerService.Name}');
  });

  it('alarms watch the DLQ, the oldest event, failed jobs and the worker heartbeat (silence breaches)', () => {
    const find = (metric: string) => alarms.find(([, a]) => a.MetricName === metric)?.[1];
    expect(find('ApproximateNumberOfMessagesVisible')!.Dimensions[0].Value).toEqual({
      'Fn::GetAtt': ['EventsDeadLetterQueue', 'QueueName'],
    });
    expect(find('ApproximateAgeOfOldestMessage')!.Dimensions[0].Value).toEqual({
      'Fn::GetAtt': ['EventsQueue', 'QueueName'],
    });
    expect(find(CLOUDWATCH_METRICS.failed)!.Statistic).toBe('Sum');
    const heartbeat = find(CLOUDWATCH_METRICS.workers)!;
    expect(heartbeat.TreatMissingData).toBe('breaching');
    expect(heartbeat.ComparisonOperator).toBe('LessThanThreshold');
  });

  it('every container writes to its own log group', () => {
    for (const task of ['WebTaskDefinition', 'WorkerTaskDefinition']) {
      const group = containers(task)[0].LogConfiguration.Options['awslogs-group'].Ref;
      expect(res(group).Type).toBe('AWS::Logs::LogGroup');
    }
  });
});
