import type { Operation } from '../../src/config/operations';
import { asgPlanLines, canDecrement } from '../../src/domain/autoScaling';
import type { InstanceInfo } from '../../src/domain/instance';
import { MIN_LEAD_MS, rescheduleBlockers } from '../../src/domain/reschedule';
import { SPECS } from '../../src/ops/operations';
import { backupImageName } from '../../src/ops/operations/backup';
import type { OperationRequest } from '../../src/ops/spec';
import { planMessage, resultMessage } from '../../src/views/operation';
import { anInstance } from '../helpers/instance';

const base: InstanceInfo = anInstance({ name: 'web-1', type: 't3.micro' });
const req = (op: OperationRequest['op'], params?: Record<string, unknown>): OperationRequest => ({
  op,
  account: 'prod',
  region: 'us-east-1',
  instanceId: base.id,
  requester: 'U0ALICE',
  correlationId: 'c1',
  params,
});
// Planners other than reschedule and resize read nothing from deps but the clock, and no AWS.
const deps = { now: () => new Date('2026-11-21T10:05:00Z') } as never;
const planOf = (op: Operation, i: InstanceInfo, params: Record<string, unknown> = {}) =>
  SPECS[op].plan({ deps, account: {} as never, req: req(op, params), params, instance: i });

describe('planners', () => {
  it('recover states the stop + start consequences and refuses an instance-store root', async () => {
    const i = { ...base, publicIp: '198.51.100.7', autoScalingGroup: 'web-asg', spot: true };
    const plan = await planOf('recover', i);
    expect(plan.blockers).toEqual([]);
    // Without an EC2 port the planner knows only DescribeInstances: the Spot request type is unknown.
    expect(plan.warnings).toEqual([
      expect.stringContaining('Spot instance whose request could not be read'),
      'public IPv4 198.51.100.7 is released (no Elastic IP) and a new one is assigned: update DNS records and allow-lists that name it',
      'member of Auto Scaling group web-asg: taken out of the group first (standby), so the group does not replace it while it is stopped, and put back in service once all three status checks pass',
    ]);
    // The default Auto Scaling mode (standby) frames the stop + start, and the params pin it for the run.
    expect(plan.steps[0]).toMatch(
      /^EnterStandby in Auto Scaling group web-asg \(ShouldDecrementDesiredCapacity/,
    );
    expect(plan.steps.at(-1)).toBe('ExitStandby: back in service in web-asg');
    expect(plan.confirm).toContain('takes it out of Auto Scaling group web-asg (standby) first');
    const store = await planOf('recover', { ...i, rootDeviceType: 'instance-store' });
    expect(store.blockers.join()).toContain('instance-store root: a stop would terminate it');
  });

  it('start of a running instance is explained, not attempted', async () => {
    const plan = await planOf('start', base);
    expect(plan.blockers).toEqual([
      'web-1 (i-0123456789abcdef0) is running: it is already running, nothing to start',
    ]);
  });

  it('hibernate without HibernationOptions.Configured says why and offers stop', async () => {
    const plan = await planOf('hibernate', base);
    expect(plan.blockers.join()).toContain('hibernation is not configured');
    expect(plan.offer).toEqual(['stop']);
    const ok = await planOf('hibernate', { ...base, hibernationConfigured: true });
    expect(ok.blockers).toEqual([]);
  });

  it('backup names the AMI after the instance and the time; --reboot changes the warning', async () => {
    const plan = await planOf('backup', base);
    expect(plan.steps[0]).toBe('CreateImage web-1-backup-20261121-1005 (no reboot)');
    const reboot = await planOf('backup', base, { reboot: true });
    expect(reboot.warnings).toEqual(['the instance reboots for a consistent image']);
    expect(backupImageName('a<b>&c', new Date('2026-01-02T03:04:05Z'))).toBe('a_b__c-backup-20260102-0304');
  });
});

describe('Auto Scaling members: standby, replace, leave', () => {
  const member = { ...base, autoScalingGroup: 'web-asg' };
  const modeOf = (asg: unknown, params: Record<string, unknown> = {}) =>
    SPECS.stop.plan({
      deps,
      account: { maintenance: { asg } } as never,
      req: req('stop', params),
      params,
      instance: member,
    });

  it('maintenance.asg leave refuses the bare stop; replace terminates through the group', async () => {
    const leave = await modeOf('leave');
    expect(leave.blockers.join()).toContain('Auto Scaling mode is leave: a bare stop makes the group');
    const params: Record<string, unknown> = { asg: 'replace' };
    const replace = await modeOf('leave', params);
    expect(replace.blockers).toEqual([]);
    expect(replace.steps[0]).toMatch(
      /^TerminateInstanceInAutoScalingGroup .* \(ShouldDecrementDesiredCapacity false/,
    );
    expect(params).toEqual({ asg: 'replace', asgGroup: 'web-asg' });
  });

  it('start of a member in standby runs the way back whatever the mode (a start stops nothing)', async () => {
    const params: Record<string, unknown> = {};
    const asgPort = () => ({
      member: async () => ({ group: 'web-asg', lifecycle: 'Standby' }),
      group: async () => undefined,
    });
    const plan = await SPECS.start.plan({
      deps: { ...(deps as object), asgPort } as never,
      account: { maintenance: { asg: 'replace' } } as never,
      req: req('start', params),
      params,
      instance: { ...member, state: 'stopped' },
      ec2: {} as never,
    });
    expect(plan.steps.at(-1)).toBe('ExitStandby: back in service in web-asg');
    expect(params).toEqual({ asg: 'standby', asgGroup: 'web-asg' });
  });

  it('an unknown or absent maintenance.asg is standby', async () => {
    for (const asg of [undefined, 'sideways']) {
      const plan = await modeOf(asg);
      expect(plan.steps[0]).toMatch(/^EnterStandby in Auto Scaling group web-asg/);
    }
  });

  it('force-stop plans a member as stop does: standby first and it stays there; replace; leave refuses', async () => {
    const forceOf = (asg: string, params: Record<string, unknown> = {}) =>
      SPECS['force-stop'].plan({
        deps,
        account: { maintenance: { asg } } as never,
        req: req('force-stop', params),
        params,
        instance: member,
      });
    const standby = await forceOf('standby');
    expect(standby.steps).toEqual([
      expect.stringMatching(/^EnterStandby in Auto Scaling group web-asg/),
      'StopInstances with Force=true',
      'wait until stopped',
    ]);
    expect(standby.confirm).toContain('takes it out of Auto Scaling group web-asg (standby) first');
    expect((await forceOf('replace')).steps[0]).toMatch(/^TerminateInstanceInAutoScalingGroup/);
    expect((await forceOf('leave')).blockers.join()).toContain('Auto Scaling mode is leave');
    // offered by a stop + start, it starts again: all three checks, then back in service
    const restart = await forceOf('standby', { thenStart: true });
    expect(restart.steps.slice(-2)).toEqual([
      'wait until all three status checks pass (system, instance, attached EBS)',
      'ExitStandby: back in service in web-asg',
    ]);
  });

  it('a resize runs standby even in mode replace (the plan line says why); leave asks for --standby only', () => {
    const replace = asgPlanLines({ group: 'web', mode: 'replace', min: 1, desired: 2 }, 'i-1', 'resize');
    expect(replace.replaces).toBe(false);
    expect(replace.before[0]).toContain(
      "standby, not replace: a replacement would have the launch template's type, not the new one",
    );
    expect(replace.after).toEqual(['ExitStandby: back in service in web']);
    const leave = asgPlanLines({ group: 'web', mode: 'leave' }, 'i-1', 'resize');
    expect(leave.blockers.join()).toMatch(/ask again with --standby \(standby first\)$/);
  });

  it('a group at its minimum cannot decrement: the plan says so and enters without it', () => {
    const lines = asgPlanLines({ group: 'web', mode: 'standby', min: 2, desired: 2 }, 'i-1', 'recover');
    expect(lines.before).toEqual([
      'EnterStandby in Auto Scaling group web without decrement (at its minimum size)',
    ]);
    expect(lines.warnings[1]).toContain('group web is at its minimum size (2): it cannot shrink');
    expect(lines.confirm).toContain('without decrement');
    expect(canDecrement({ min: 1, desired: 2 })).toBe(true);
  });
});

describe('rescheduleBlockers', () => {
  const now = new Date('2026-11-21T10:00:00Z');
  const event = { id: 'e1', code: 'system-reboot', notBeforeDeadline: '2026-11-25T00:00:00Z' };
  it('accepts a time at least an hour ahead and before the deadline', () => {
    expect(rescheduleBlockers(event, new Date(now.getTime() + MIN_LEAD_MS), now)).toEqual([]);
  });
  it('refuses too soon, past the deadline, no deadline, finished events', () => {
    expect(rescheduleBlockers(event, new Date(now.getTime() + MIN_LEAD_MS - 1), now)).toEqual([
      'the new start time must be at least 60 minutes ahead',
    ]);
    expect(rescheduleBlockers(event, new Date('2026-11-25T00:00:01Z'), now)).toEqual([
      `the new start time must be before the deadline {date:${Date.parse('2026-11-25T00:00:00Z')}}`,
    ]);
    expect(
      rescheduleBlockers({ id: 'e1', code: 'instance-stop' }, new Date('2026-11-22T00:00:00Z'), now)[0],
    ).toContain('does not allow moving this instance-stop event');
    expect(rescheduleBlockers({ ...event, description: '[Completed] done' }, undefined, now)[0]).toContain(
      'already completed',
    );
    expect(rescheduleBlockers(undefined, undefined, now)[0]).toContain('gone');
  });
  it('refuses an event that starts within 5 minutes (AWS no longer moves it), whatever time is picked', () => {
    const soon = { ...event, notBefore: new Date(now.getTime() + 5 * 60_000).toISOString() };
    expect(rescheduleBlockers(soon, new Date(now.getTime() + 2 * MIN_LEAD_MS), now)).toEqual([
      'the event starts within 5 minutes (or has started): AWS no longer lets it move',
    ]);
    const later = { ...event, notBefore: new Date(now.getTime() + 6 * 60_000).toISOString() };
    expect(rescheduleBlockers(later, new Date(now.getTime() + 2 * MIN_LEAD_MS), now)).toEqual([]);
  });
});

describe('operation views', () => {
  it('escapes names from AWS so a Name tag cannot ping a channel', () => {
    const plan = {
      title: 'Stop <!channel> (i-1)',
      steps: ['StopInstances'],
      warnings: ['<@U1> & co'],
      blockers: [],
    };
    const msg = planMessage({
      op: 'stop',
      destructive: true,
      account: 'prod',
      plan,
      requester: 'U0ALICE',
      state: 'awaiting',
      approvalId: 'apr-x',
    });
    const all = JSON.stringify(msg);
    expect(all).not.toContain('<!channel>');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;@U1&gt; &amp; co');
    const approve = (
      (msg.blocks ?? []).at(-1) as { elements: { action_id: string; value: string; confirm?: unknown }[] }
    ).elements[0]!;
    expect(approve).toMatchObject({ action_id: 'ec2.approval.approve', value: 'apr-x' });
    expect(approve.confirm).toBeDefined();
  });

  it('the result names requester, approver and duration; auto actors are not mentions', () => {
    const msg = resultMessage({
      op: 'recover',
      account: 'prod',
      requester: 'auto-recover',
      approver: 'U0BOB',
      outcome: 'done',
      detail: 'ok',
      ms: 12_400,
    });
    expect(JSON.stringify(msg.blocks)).toContain('requested by auto-recover, approved by <@U0BOB>; 12 s');
  });
});
