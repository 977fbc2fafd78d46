import { maintenanceSchema } from '../../src/config/maintenanceSchema';
import { diffPlans } from '../../src/planner/diff';
import { type PlanRow, planMaintenance } from '../../src/planner/plan';
import type { PlanRecord } from '../../src/planner/record';
import { maintenanceMessage, maintenanceStatusView } from '../../src/views/maintenance';
import { expectGolden } from '../helpers/golden';
import { anInstance } from '../helpers/instance';
import { elementsOf, textOf } from '../helpers/ops';

const NOW = new Date('2026-11-30T23:50:00Z');
const cfg = maintenanceSchema.parse({
  windows: ['Tue 02:00-05:00'],
  groups: { by: ['asg'], max_unavailable: 1 },
});

const row = (
  n: number,
  o: { code: string; deadline?: boolean; name?: string; asg?: string; store?: boolean },
): PlanRow => {
  const id = `i-0000000000000000${n}`;
  return {
    event: {
      account: n % 2 ? 'prod' : 'staging',
      region: 'us-east-1',
      instanceId: id,
      code: o.code,
      notBefore: '2026-12-04T00:00:00Z',
      sources: ['ec2'],
      ...(o.deadline ? { eventId: `instance-event-0${n}`, notBeforeDeadline: '2026-12-10T00:00:00Z' } : {}),
    },
    instance: anInstance({
      id,
      ...(o.name ? { name: o.name } : {}),
      ...(o.asg ? { autoScalingGroup: o.asg } : {}),
      az: 'us-east-1a',
      publicIp: '203.0.113.7',
      rootDeviceType: o.store ? 'instance-store' : 'ebs',
    }),
    instanceStore: false,
  };
};

const rows = [
  row(1, { code: 'instance-stop', name: '<!channel> web', asg: 'web' }),
  row(3, { code: 'instance-stop', asg: 'web' }),
  row(2, { code: 'instance-reboot', deadline: true, name: 'pay-1' }),
  row(4, { code: 'instance-retirement', store: true }),
];

const record = (o: Partial<PlanRecord> = {}): PlanRecord => {
  const plan = planMaintenance({ rows, config: () => cfg, now: NOW, days: 14 });
  return {
    id: 'mp-test0000001',
    target: 'all',
    accounts: ['prod', 'staging'],
    days: 14,
    plan,
    diff: diffPlans(undefined, plan),
    requester: 'U0ALICE',
    channel: 'C0OPS',
    ts: '1.2',
    state: 'proposed',
    approvals: { prod: 'apr-1', staging: 'apr-2' },
    approvedBy: {},
    createdAt: NOW.toISOString(),
    stage: 0,
    items: {},
    correlationId: 'cid',
    ...o,
  };
};

describe('maintenance plan message', () => {
  it('renders the proposed plan (golden): waves with date tokens, action and why, conflicts, approvers, one Approve with confirm', () => {
    const msg = maintenanceMessage({
      record: record(),
      approvers: { prod: ['S0LEADS'], staging: ['U0CAROL'] },
    });
    expectGolden('maintenance-proposed', msg);
    const text = textOf(msg);
    expect(text).not.toContain('<!channel>'); // a Name tag never pings
    expect(text).toContain('&lt;!channel&gt; web');
    expect(text).toContain('<!subteam^S0LEADS>');
    expect(text).toContain('<!date^');
    // the termination is listed for a person, never planned; each planned line shows AWS's time → the plan's
    expect(text).toMatch(/Needs a person.*needs a person before <!date\^1796342400/s);
    expect(text).toMatch(/AWS's time <!date\^1796342400[^>]*> → plan's time <!date\^1796090400/);
    const buttons = elementsOf(msg);
    expect(buttons.map((b) => b.action_id)).toEqual(['ec2.mplan.approve']);
    expect(buttons[0]!.confirm.text.text).toMatch(/3 instances in/);
  });

  it('a stopped plan offers Retry, Skip, Abort and marks each instance', () => {
    const r = record({
      state: 'paused',
      approvedBy: { prod: 'U0BOB', staging: 'U0CAROL' },
      failure: 'wave 2: 1 operation failed',
    });
    const keys = r.plan.waves.flatMap((w) => w.items.map((i) => i.key));
    r.items = { [keys[0]!]: 'done', [keys[1]!]: 'failed' };
    const msg = maintenanceMessage({
      record: r,
      approvers: {},
      notInPlan: ['prod|us-east-1|i-0000000000000009|instance-stop'],
    });
    expectGolden('maintenance-paused', msg);
    expect(elementsOf(msg).map((b) => b.text.text)).toEqual(['Retry', 'Skip', 'Abort', 'Re-plan']);
    expect(textOf(msg)).toMatch(/:white_check_mark:.*:x:/s);
  });

  it('says done only when every AWS action is past; a cancelled plan counts what it held; status shows wave k of n', () => {
    const r = record({ state: 'done', approvedBy: { prod: 'U0BOB', staging: 'U0CAROL' } });
    const bot = r.plan.waves.flatMap((w) => w.items).filter((i) => i.action === 'recover');
    r.items = Object.fromEntries(bot.map((i) => [i.key, 'done' as const]));
    const soon = textOf(maintenanceMessage({ record: r, approvers: {}, now: NOW }));
    expect(soon).toMatch(/2 done · 2 AWS actions ahead \(first <!date\^1796090400/);
    expect(soon).not.toContain(':white_check_mark: Done');
    // a month later the move and the retirement are past: done (the termination never counts as done)
    const later = textOf(
      maintenanceMessage({ record: r, approvers: {}, now: new Date('2027-01-01T00:00:00Z') }),
    );
    expect(later).toMatch(/:white_check_mark: Done\. 3 done\./);
    const cancelled = textOf(
      maintenanceMessage({
        record: { ...r, state: 'cancelled', cancelledBy: 'U0BOB', items: {} },
        approvers: {},
      }),
    );
    expect(cancelled).toMatch(/It held 2 bot actions in 2 waves, 1 event move and 0 starts after AWS's stop/);
    const running = { ...r, state: 'running' as const, stage: 2, items: { [bot[0]!.key]: 'done' as const } };
    expect(textOf(maintenanceStatusView([running], NOW))).toMatch(
      /wave 2 of 2; 1 done · 2 AWS actions ahead/,
    );
  });

  it('stays within 50 blocks for a thousand instances', () => {
    const many = Array.from({ length: 1000 }, (_, n) => row(n + 10, { code: 'instance-stop' }));
    const plan = planMaintenance({ rows: many, config: () => cfg, now: NOW, days: 14 });
    const msg = maintenanceMessage({ record: record({ plan }), approvers: {} });
    expect(msg.blocks!.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(msg.blocks).length).toBeGreaterThan(10_000);
    expect(maintenanceStatusView([record({ plan })]).text).toContain('1 maintenance plans');
  });
});
