import type { Alert } from '../../src/domain/alert';
import type { OperationPlan } from '../../src/domain/operationPlan';
import { CATALOG } from '../../src/ops/catalog';
import { accountsView } from '../../src/views/accounts';
import { alertView } from '../../src/views/alert';
import { mutesView } from '../../src/views/mutes';
import { jobsView, planMessage, resultMessage } from '../../src/views/operation';
import { expectGolden } from '../helpers/golden';

/**
 * What users see, as checked-in JSON (test/fixtures/views/): the plan / approval message in each state,
 * the result in each outcome, `/ec2 jobs` and an alert (events and status: goldenReadViews.test.ts). A change to any of them shows up
 * as a diff in review; `UPDATE_GOLDEN=1 npx jest test/unit/goldenViews.test.ts` rewrites them.
 */
const NOW = new Date('2026-11-21T12:00:00Z');

const stopPlan: OperationPlan = {
  title: 'Stop web-1 <!channel> (i-0123456789abcdef0)',
  steps: ['StopInstances', 'wait until stopped'],
  warnings: [
    'public IP 198.51.100.7 changes (no Elastic IP)',
    'Auto Scaling group web-asg may replace it while stopped',
  ],
  blockers: [],
};

const resizePlan: OperationPlan = {
  title: 'Resize web-1 (i-0123456789abcdef0) in prod/us-east-1: t2.micro → m5.large',
  steps: ['stop the instance and wait until it is stopped', 'change the type t2.micro → m5.large'],
  warnings: ['Xen → Nitro: run the awslabs NitroInstanceChecks script on the instance first'],
  blockers: [],
  checklist: [
    { status: 'pass', text: 'architecture x86_64 matches' },
    { status: 'warn', text: 'ENA attribute is off: the job turns it on before the type change' },
  ],
};

describe('plan message (golden)', () => {
  const base = { op: 'Stop', destructive: true, account: 'prod', region: 'us-east-1', requester: 'U0ALICE' };

  it('awaiting approval: mentions the approvers, Approve confirms first', () => {
    expectGolden(
      'plan-awaiting',
      planMessage({
        ...base,
        plan: stopPlan,
        state: 'awaiting',
        approvalId: 'apr-TESTAPPROVAL1',
        approvers: ['U0BOB', 'S0LEADS'],
        expiresAt: NOW.getTime() + 3600_000,
      }),
    );
  });

  it('blocked, with an alternative offered', () => {
    expectGolden(
      'plan-blocked',
      planMessage({
        ...base,
        op: 'Hibernate',
        plan: {
          ...stopPlan,
          title: 'Hibernate web-1 (i-0123456789abcdef0)',
          blockers: ['hibernation is not configured on this instance'],
        },
        state: 'blocked',
        offers: [{ op: 'stop', label: 'Stop', refId: 'REFSTOP0001', destructive: true }],
      }),
    );
  });

  it('dry run of a resize: checklist and EC2 DryRun results', () => {
    expectGolden(
      'plan-dry-run-resize',
      planMessage({
        ...base,
        op: 'Resize',
        plan: resizePlan,
        state: 'dry-run',
        note: 'EC2 DryRun: the role may not make every call above. Nothing was changed.',
        dryRun: [
          { call: 'StopInstances', result: 'allowed' },
          { call: 'CreateImage', result: 'denied', detail: 'UnauthorizedOperation' },
        ],
      }),
    );
  });

  it('approved, then withdrawn', () => {
    const decided = { decidedBy: 'U0BOB', decidedAt: '2026-11-21T12:03:00.000Z' };
    expectGolden('plan-approved', planMessage({ ...base, plan: stopPlan, state: 'approved', ...decided }));
    expectGolden(
      'plan-withdrawn',
      planMessage({
        ...base,
        plan: stopPlan,
        state: 'withdrawn',
        decidedBy: 'U0ALICE',
        decidedAt: decided.decidedAt,
      }),
    );
  });
});

describe('result message (golden)', () => {
  const base = {
    op: 'resize',
    title: 'Resize web-1 (i-0123456789abcdef0) in prod/us-east-1: t2.micro → m5.large',
    account: 'prod',
    region: 'us-east-1',
    instanceId: 'i-0123456789abcdef0',
    requester: 'U0ALICE',
    approver: 'U0BOB',
    ref: 'abc123def456',
    ms: 312_000,
  };
  it.each([
    [
      'done',
      'Resized `i-0123456789abcdef0`: t2.micro → m5.large.\nBackup AMI `ami-0abc` (keep it until you are sure).',
    ],
    ['failed', "The bot's role in prod may not call StopInstances (UnauthorizedOperation)."],
    ['rolled-back', 'Rolled back `i-0123456789abcdef0` to t2.micro after: EC2 has no capacity <now>.'],
    ['rollback-failed', 'Resize failed and so did the rollback.\nRestore from the backup AMI `ami-0abc`.'],
  ] as const)('%s', (outcome, detail) => {
    expectGolden(`result-${outcome}`, resultMessage({ ...base, outcome, detail }));
  });
});

describe('/ec2 jobs (golden)', () => {
  it('names, states (withdrawn too), times in the reader’s zone, links', () => {
    expectGolden(
      'jobs',
      jobsView(
        [
          {
            op: 'stop',
            account: 'prod',
            instance: 'i-0123456789abcdef0',
            instanceName: 'web-1',
            state: 'done',
            requester: 'U0ALICE',
            approver: 'U0BOB',
            durationMs: 41_000,
            at: NOW.getTime(),
            link: 'https://example.slack.com/archives/C0PROD/p1700000000000100',
          },
          {
            op: 'reboot',
            account: 'prod',
            instance: 'i-0fedcba9876543210',
            state: 'withdrawn',
            requester: 'U0ALICE',
            at: NOW.getTime() - 60_000,
          },
        ],
        'prod',
      ),
    );
  });
});

describe('alert message (golden)', () => {
  it('an urgent system check failure, open, unacknowledged, with on-call mentioned', () => {
    const alert: Alert = {
      id: 'aGOLDEN00001',
      account: 'prod',
      accountId: '111111111111',
      channel: 'C0PROD',
      kind: 'status-check',
      type: 'StatusCheckFailed_System',
      urgent: true,
      createdAt: '2026-11-21T03:12:00Z',
      entities: [
        {
          entityKey: 'arn|i-0123456789abcdef0',
          entity: 'i-0123456789abcdef0',
          instanceId: 'i-0123456789abcdef0',
          region: 'us-east-1',
          state: 'open',
          statusText: 'ALARM',
          at: '2026-11-21T03:12:00Z',
        },
      ],
      description: 'Threshold Crossed: 1 datapoint [1.0] was >= the threshold (1.0).',
      buttons: { 'i-0123456789abcdef0': { recover: 'REFREC', reboot: 'REFREB', backup: 'REFBAK' } },
    };
    expectGolden(
      'alert-status-check',
      alertView({ alert, marks: {}, oncall: ['U0ONCALL'], headInstances: 20, operations: CATALOG }),
    );
  });
});

describe('/ec2 accounts and /ec2 mutes (golden)', () => {
  it('accounts: source of each account, a role failure, the organization listing and its problems', () => {
    expectGolden(
      'accounts-organization',
      accountsView(
        [
          {
            alias: 'prod',
            source: 'config',
            ok: true,
            accountId: '111111111111',
            expectedId: '111111111111',
            regions: ['us-east-1'],
            ms: 80,
          },
          {
            alias: 'search',
            source: 'organization',
            ok: true,
            accountId: '333333333333',
            expectedId: '333333333333',
            regions: ['us-east-1', 'eu-west-1'],
            ms: 90,
          },
          {
            alias: 'payments-prod',
            source: 'organization',
            ok: false,
            reason: 'cannot assume arn:aws:iam::444444444444:role/ec2-ops-bot',
            errorName: 'AccessDenied',
          },
        ],
        {
          refreshedAt: '2026-11-21T11:00:00.000Z',
          discovered: 2,
          problems: [
            {
              id: '555555555555',
              alias: 'prod',
              kind: 'alias',
              problem:
                'alias "prod" is already accounts.prod in the config — tag the account ec2bot:alias=<another alias>',
            },
            { id: '444444444444', alias: 'payments-prod', kind: 'role', problem: 'shown by its own line' },
          ],
        },
      ),
    );
  });

  it('mutes: rules with their counts, the latest held alerts (escaped)', () => {
    expectGolden(
      'mutes',
      mutesView(
        [
          {
            account: 'prod',
            rule: { event: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED', tag: 'env=dev' },
            held: 2,
          },
          { account: 'staging', rule: { tag: 'owner=<!channel>' }, held: 0 },
        ],
        [
          {
            at: '2026-11-21T11:59:00.000Z',
            account: 'prod',
            type: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED',
            instances: ['i-0123456789abcdef0'],
            rule: { event: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED', tag: 'env=dev' },
          },
        ],
      ),
    );
  });
});
