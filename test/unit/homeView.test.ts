import { digestCron } from '../../jobs/maintenance-digest/register';
import { maintenanceSchema } from '../../src/config/maintenanceSchema';
import type { Alert } from '../../src/domain/alert';
import { diffPlans } from '../../src/planner/diff';
import { type PlanRow, planMaintenance } from '../../src/planner/plan';
import type { PlanRecord } from '../../src/planner/record';
import { plannedKeys, weekOf } from '../../src/planner/week';
import type { ApprovalRecord } from '../../src/stores/approvalStore';
import { homeView } from '../../src/views/home';
import { maintenanceDigestView } from '../../src/views/maintenanceDigest';
import { expectGolden } from '../helpers/golden';
import { anInstance } from '../helpers/instance';

const NOW = new Date('2026-11-30T23:50:00Z');
const cfg = maintenanceSchema.parse({ windows: ['Tue 02:00-05:00'], groups: { by: ['asg'] } });
const HOSTILE = '<!channel> *web*';

const row = (n: number, code: string, notBefore: string, deadline?: string): PlanRow => {
  const id = `i-0000000000000000${n}`;
  return {
    event: {
      account: 'prod',
      region: 'us-east-1',
      instanceId: id,
      code,
      notBefore,
      sources: ['ec2'],
      ...(deadline ? { eventId: `instance-event-0${n}`, notBeforeDeadline: deadline } : {}),
    },
    instance: anInstance({ id, name: n === 1 ? HOSTILE : `app-${n}`, az: 'us-east-1a' }),
    instanceStore: false,
  };
};

const rows = [
  row(1, 'instance-reboot', '2026-12-04T00:00:00Z', '2026-12-10T00:00:00Z'),
  row(2, 'instance-stop', '2026-12-05T00:00:00Z'),
  // Retirement of an instance-store instance: nothing the bot runs pre-empts it.
  {
    ...row(3, 'instance-retirement', '2026-12-03T00:00:00Z'),
    instance: anInstance({ id: 'i-00000000000000003', rootDeviceType: 'instance-store' }),
  },
];

const planned = planMaintenance({ rows, config: () => cfg, now: NOW, days: 30 });
const first = planned.waves[0]!;
// A wave three weeks out (a later window occurrence): in the plan, not in this week.
const plan = {
  ...planned,
  waves: [
    ...planned.waves,
    {
      ...first,
      at: '2026-12-22T02:00:00.000Z',
      end: '2026-12-22T02:30:00.000Z',
      items: [
        {
          ...first.items[0]!,
          key: 'prod|us-east-1|i-00000000000000004|instance-stop',
          instanceId: 'i-00000000000000004',
        },
      ],
    },
  ],
};
const record: PlanRecord = {
  id: 'mp-test0000001',
  target: 'prod',
  accounts: ['prod'],
  days: 30,
  plan,
  diff: diffPlans(undefined, plan),
  requester: 'U0ALICE',
  channel: 'C0OPS',
  state: 'proposed',
  approvals: { prod: 'apr-1' },
  approvedBy: {},
  createdAt: NOW.toISOString(),
  stage: 0,
  items: {},
  correlationId: 'cid',
};

const approval: ApprovalRecord = {
  id: 'apr-1',
  hash: 'h',
  op: 'maintenance',
  account: 'prod',
  requester: 'U0ALICE',
  approvers: ['U0BOB'],
  selfApprove: false,
  createdAt: NOW.toISOString(),
  expiresAt: NOW.getTime() + 3600_000,
  state: 'pending',
  link: 'https://example.slack.com/archives/C0OPS/p1',
  correlationId: 'cid',
};

const alert = {
  id: 'aTEST00000001',
  account: 'prod',
  accountId: '111111111111',
  channel: 'C0PRODALERT',
  kind: 'status',
  type: 'StatusCheckFailed_System',
  urgent: true,
  createdAt: '2026-11-30T23:00:00Z',
  entities: [
    {
      entityKey: 'k',
      entity: 'i-00000000000000001',
      instanceId: 'i-00000000000000001',
      region: 'us-east-1',
      state: 'open',
      statusText: `ALARM ${HOSTILE}`,
      at: '2026-11-30T23:00:00Z',
    },
  ],
} as unknown as Alert;

describe('App Home view', () => {
  const week = weekOf(record, 'prod', NOW);

  it('keeps this week only: the wave three weeks out is left out, unplanned events stay', () => {
    const ids = week.waves.flatMap((w) => w.items.map((i) => i.instanceId));
    expect(ids).toEqual(expect.arrayContaining(['i-00000000000000001', 'i-00000000000000002']));
    expect(ids).not.toContain('i-00000000000000004');
    expect(plan.waves.flatMap((w) => w.items.map((i) => i.instanceId))).toContain('i-00000000000000004');
    expect(week.unplanned.map((u) => u.instanceId)).toEqual(['i-00000000000000003']);
  });

  it('renders approvals, open alerts and the week (golden), escaping what AWS and users wrote', () => {
    const view = homeView({
      user: 'U0BOB',
      now: NOW,
      accounts: ['prod'],
      approvals: [approval],
      alerts: [alert],
      maintenance: [week],
    });
    expectGolden('home', view);
    const json = JSON.stringify(view);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain(`<!date^${Math.floor(Date.parse(week.waves[0]!.at) / 1000)}^`);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('a cancelled plan has no waves this week and covers no event', () => {
    const cancelled = { ...record, state: 'cancelled' as const };
    expect(weekOf(cancelled, 'prod', NOW).waves).toEqual([]);
    expect(plannedKeys(cancelled, 'prod').size).toBe(0);
    expect(plannedKeys(record, 'prod').size).toBeGreaterThan(0);
  });

  it('says so when nothing waits and the user is in no account', () => {
    const json = JSON.stringify(
      homeView({ user: 'U0X', now: NOW, accounts: [], approvals: [], alerts: [], maintenance: [] }),
    );
    expect(json).toContain('Nothing waits on you.');
    expect(json).toContain('no accounts name you');
  });
});

describe('weekly maintenance digest', () => {
  it('lists what AWS scheduled, what the plan does and what no wave covers (golden)', () => {
    const planned = plannedKeys(record, 'prod');
    const late = { ...row(5, 'system-reboot', '2026-12-02T00:00:00Z').event };
    const msg = maintenanceDigestView({
      account: 'prod',
      now: NOW,
      events: [...rows.map((r) => r.event), late],
      week: weekOf(record, 'prod', NOW),
      planned,
      failures: 0,
    });
    expectGolden('maintenance-digest', msg);
    const text = JSON.stringify(msg);
    const unplanned = text.slice(text.indexOf('Still unplanned'));
    expect(unplanned).toContain('i-00000000000000005');
    expect(unplanned).toContain('i-00000000000000003');
    expect(unplanned).not.toContain('i-00000000000000001');
  });

  it('reads maintenance.digest: optional, a day Mon…Sun and an HH:MM time', () => {
    expect(cfg.digest).toBeUndefined();
    const ok = maintenanceSchema.parse({
      windows: ['Tue 02:00-05:00'],
      digest: { day: 'Mon', time: '09:00' },
    });
    expect(ok.digest).toEqual({ day: 'Mon', time: '09:00' });
    expect(
      maintenanceSchema.safeParse({ windows: ['Tue 02:00-05:00'], digest: { day: 'Monday', time: '09:00' } })
        .success,
    ).toBe(false);
    expect(
      maintenanceSchema.safeParse({ windows: ['Tue 02:00-05:00'], digest: { day: 'Mon', time: '9am' } })
        .success,
    ).toBe(false);
  });

  it('turns { day, time } into the scheduler cron', () => {
    expect(digestCron({ day: 'Mon', time: '09:00' })).toBe('0 9 * * 1');
    expect(digestCron({ day: 'Sun', time: '23:45' })).toBe('45 23 * * 0');
  });
});
