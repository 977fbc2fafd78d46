import { refreshFacts } from '../../src/alerts/operationOutcome';
import { type Alert, type AlertEntity, noteSeen, startsNewIncident } from '../../src/domain/alert';
import { alertOps } from '../../src/domain/alertActions';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { nextMorning } from '../../src/domain/quietHours';
import { CATALOG } from '../../src/ops/catalog';
import { alertView } from '../../src/views/alert';
import { expectGolden } from '../helpers/golden';

const ID = 'i-0abc1234def567890';
const entity = (over: Partial<AlertEntity> = {}): AlertEntity => ({
  entityKey: `arn|${ID}`,
  entity: ID,
  instanceId: ID,
  kind: 'instance',
  region: 'us-east-1',
  state: 'open',
  statusText: 'ALARM',
  at: '2026-08-27T17:04:40.989Z',
  ...over,
});
const alert = (over: Partial<Alert> = {}): Alert => ({
  id: 'aTESTALERT01',
  account: 'prod',
  accountId: '111111111111',
  channel: 'C0PROD',
  kind: 'status-check',
  type: 'StatusCheckFailed_System',
  urgent: true,
  createdAt: '2026-08-27T17:05:00.000Z',
  entities: [entity()],
  seen: 1,
  ...over,
});
const running = {
  name: 'web-1',
  type: 'm5.large',
  state: 'running',
  rootDevice: 'ebs' as const,
  az: 'us-east-1a',
  publicIp: '54.1.2.3',
  stopStart: ['public IP 54.1.2.3 changes (no Elastic IP)'],
};

describe('buttons fit the state (issue 14 point 7)', () => {
  it.each([
    ['running, system check', alert(), running, ['recover', 'backup']],
    [
      'running, instance check',
      alert({ type: 'StatusCheckFailed_Instance' }),
      running,
      ['reboot', 'recover', 'backup'],
    ],
    [
      'stopped: Start, never Reboot',
      alert({ type: 'StatusCheckFailed_Instance' }),
      { ...running, state: 'stopped' },
      ['start', 'backup'],
    ],
    ['terminated: nothing', alert(), { ...running, state: 'terminated' }, []],
    ['not found: nothing', alert(), { state: 'not-found' }, []],
    [
      'unexpected stop (no facts): Start',
      alert({ type: 'unexpected-stop', kind: 'state-change' }),
      undefined,
      ['start', 'backup'],
    ],
    [
      'host reboot: no Reboot',
      alert({ kind: 'health', type: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED' }),
      running,
      ['backup'],
    ],
    [
      'system reboot: no Reboot',
      alert({ kind: 'health', type: 'AWS_EC2_SYSTEM_REBOOT_MAINTENANCE_SCHEDULED' }),
      running,
      ['backup'],
    ],
    [
      'retirement, instance-store root: no stop/start',
      alert({ kind: 'health', type: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED' }),
      { ...running, rootDevice: 'instance-store' as const },
      [],
    ],
    ['attached EBS: no stop/start, no reboot', alert({ type: 'StatusCheckFailed_AttachedEBS' }), running, []],
    [
      'AWS recovery succeeded: informational',
      alert({ kind: 'health', type: 'AWS_EC2_SIMPLIFIED_AUTO_RECOVERY_SUCCESS', info: true }),
      running,
      [],
    ],
    [
      'AWS recovery failed: Recover',
      alert({ kind: 'health', type: 'AWS_EC2_SIMPLIFIED_AUTO_RECOVERY_FAILURE' }),
      running,
      ['recover', 'reboot', 'backup'],
    ],
  ])('%s', (_what, a, facts, ops) => {
    expect(
      alertOps(a, {
        ...a.entities[0]!,
        facts,
        statusText: a.type === 'unexpected-stop' ? 'stopped' : 'ALARM',
      }),
    ).toEqual(ops);
  });

  it('Dedicated Hosts and public notices get no instance buttons', () => {
    expect(
      alertOps(
        alert({ kind: 'health' }),
        entity({ kind: 'host', instanceId: undefined, entity: 'h-0d123456bbf78910d' }),
      ),
    ).toEqual([]);
    expect(alertOps(alert({ public: true }), entity({ kind: 'region', instanceId: undefined }))).toEqual([]);
  });
});

describe('one incident, one message', () => {
  const open = { state: 'open', at: '2026-08-27T18:00:00.000Z' } as AlertSignal;
  it('counts deliveries by what the source said and keeps the last time', () => {
    const a = alert({ seen: 1, repeats: { ALARM: 1 } });
    noteSeen(a, [{ ...open, statusText: 'OK', at: '2026-08-27T17:10:00.000Z' }]);
    noteSeen(a, [{ ...open, statusText: 'ALARM', at: '2026-08-27T17:14:00.000Z' }]);
    expect([a.seen, a.repeats, a.lastSeenAt]).toEqual([3, { ALARM: 2, OK: 1 }, '2026-08-27T17:14:00.000Z']);
  });
  it('a new ALARM reopens a flap within the hour, but is a new incident once closed or resolved long ago', () => {
    const now = new Date('2026-08-27T18:00:00Z');
    const resolved = alert({
      entities: [entity({ state: 'resolved' })],
      resolvedAt: '2026-08-27T17:30:00.000Z',
    });
    expect(startsNewIncident(resolved, open, now)).toBe(false);
    expect(startsNewIncident({ ...resolved, resolvedAt: '2026-08-27T16:00:00.000Z' }, open, now)).toBe(true);
    expect(
      startsNewIncident(
        alert({ closed: { by: 'U1', at: '2026-08-27T17:59:00.000Z', how: 'hand' } }),
        open,
        now,
      ),
    ).toBe(true);
    expect(startsNewIncident(alert(), open, now)).toBe(false);
  });
});

describe('snooze until morning', () => {
  it('is the end of the account quiet hours when it has them', () => {
    const at = nextMorning(new Date('2026-08-27T15:00:00Z'), {
      tz: 'Asia/Seoul',
      from: '22:00',
      to: '07:30',
    });
    expect(at.toISOString()).toBe('2026-08-27T22:30:00.000Z'); // 07:30 KST on the 28th
  });
  it('else 08:00 in the user time zone, the next one after now', () => {
    expect(nextMorning(new Date('2026-08-27T06:00:00Z'), undefined, 'UTC').toISOString()).toBe(
      '2026-08-27T08:00:00.000Z',
    );
    expect(nextMorning(new Date('2026-08-27T09:00:00Z'), undefined, 'America/New_York').toISOString()).toBe(
      '2026-08-27T12:00:00.000Z', // 05:00 in New York: 08:00 the same day,
    );
  });
});

describe('the living message renders (golden files)', () => {
  const view = (a: Alert, marks = {}) =>
    alertView({ alert: a, marks, oncall: ['U0ONCALL'], headInstances: 20, operations: CATALOG });

  it('a system check alert naming the instance, seen 3×, with Recover (confirm says what this instance loses)', () => {
    const a = alert({
      entities: [entity({ facts: running })],
      seen: 3,
      lastSeenAt: '2026-08-27T18:14:00.000Z',
      buttons: { [ID]: { recover: 'refR', backup: 'refB' } },
    });
    const v = view(a);
    expectGolden('alert-system-check', v);
    const json = JSON.stringify(v.blocks);
    expect(json).toContain('*web-1* `i-0abc1234def567890` · m5.large · EBS root · us-east-1a · 54.1.2.3');
    expect(json).toContain('seen 3×'); // an alert saved before deliveries were counted by status
    expect(json).toContain('public IP 54.1.2.3 changes');
    expect(json).toContain('ec2.alert.resolve');
    expect(json).toContain('ec2.alert.snooze#morning');
  });

  it('after a successful recover: current state and IP, none open, the outcome in one sentence, no buttons', () => {
    const note = {
      op: 'recover',
      outcome: 'done' as const,
      by: 'U0CAROL',
      summary:
        'moved to a new host: running, both status checks pass.\nPublic IPv4 changed: 54.1.2.3 → 3.4.5.6 — update DNS records and allow-lists that name the old one.',
      publicIp: { before: '54.1.2.3', after: '3.4.5.6' },
      instanceId: ID,
    };
    const open = alert({
      entities: [entity({ facts: { ...running, state: 'stopping' } })],
      buttons: { [ID]: { recover: 'refR', backup: 'refB' } },
    });
    const a = {
      ...refreshFacts(open, note),
      outcome: { ...note, at: '2026-08-27T18:12:00.000Z' },
      closed: { by: 'U0CAROL', at: '2026-08-27T18:12:00.000Z', how: 'operation' as const },
    };
    const v = view(a);
    expectGolden('alert-recovered', v);
    const json = JSON.stringify(v.blocks);
    const line = (v.blocks ?? []).map((b) => JSON.stringify(b)).find((b) => b.includes('*web-1*')) ?? '';
    expect(line).toContain('3.4.5.6');
    expect(line).not.toContain('54.1.2.3');
    expect(line).not.toContain('stopping');
    expect(line).not.toMatch(/— ALARM/);
    expect(line).toContain('closed by the operation');
    expect(json).toContain('Recovered by <@U0CAROL>');
    expect(json).not.toContain('., ');
    expect(json.match(/3\.4\.5\.6/g)?.length).toBe(2); // the instance line and the outcome, once each
    expect(json).not.toContain('ec2.op');
    expect(v.text).toContain('(resolved)');
    expect(v.text).toContain('none open');
    expect(v.text).not.toContain('1 open');
  });

  it('resolved at the source after a flap: what repeated, the OK state, none open', () => {
    const a = alert({
      entities: [entity({ facts: running, state: 'resolved', statusText: 'OK' })],
      seen: 3,
      repeats: { ALARM: 2, OK: 1 },
      lastSeenAt: '2026-08-27T18:14:00.000Z',
      resolvedAt: '2026-08-27T18:14:00.000Z',
    });
    const v = view(a);
    expectGolden('alert-resolved-flap', v);
    const json = JSON.stringify(v.blocks);
    expect(json).toContain('alarm 2×, OK 1×');
    expect(json).toContain('— OK');
    expect(v.text).toContain('none open');
  });

  it('an instance the account does not have: says so, promises no action, no buttons', () => {
    const a = alert({ entities: [entity({ facts: { state: 'not-found' } })] });
    const v = view(a);
    expectGolden('alert-not-found', v);
    const json = JSON.stringify(v.blocks);
    expect(json).toContain('not found in *prod* us-east-1 — terminated or never existed');
    expect(json).not.toContain('not-found');
    expect(json).not.toContain('*Recover*');
    expect(json).not.toContain('ec2.op');
  });

  it('a "stopped unexpectedly" card for an instance the look-up found running: no Start', () => {
    const a = alert({
      kind: 'state-change',
      type: 'unexpected-stop',
      entities: [entity({ statusText: 'stopped', facts: running })],
      buttons: { [ID]: { start: 'refS', backup: 'refB' } },
    });
    const v = view(a);
    expectGolden('alert-stopped-now-running', v);
    expect(JSON.stringify(v.blocks)).not.toContain(`Start ${ID}`);
    expect(JSON.stringify(v.blocks)).toContain('found it *running* again');
  });

  it('a public notice: the region, what Recover may do during it, no instance buttons', () => {
    const a = alert({
      kind: 'health',
      type: 'AWS_EC2_OPERATIONAL_ISSUE',
      urgent: false,
      public: true,
      entities: [entity({ kind: 'region', instanceId: undefined, entity: 'us-east-1', statusText: 'open' })],
      description: 'We are investigating increased API Error rates <!here>',
    });
    const v = view(a);
    expectGolden('alert-public-issue', v);
    const json = JSON.stringify(v.blocks);
    expect(json).toContain('*Recover* (stop + start) may fail');
    expect(json).not.toContain('ec2.op');
    expect(json).not.toContain('<!here>');
  });

  it('a Dedicated Host event is worded as hosts', () => {
    const a = alert({
      kind: 'health',
      type: 'AWS_EC2_DEDICATED_HOST_NETWORK_MAINTENANCE_SCHEDULED',
      urgent: false,
      entities: [
        entity({
          kind: 'host',
          instanceId: undefined,
          entity: 'h-0d123456bbf78910d',
          statusText: 'upcoming',
        }),
      ],
    });
    const v = view(a);
    expectGolden('alert-dedicated-host', v);
    expect(v.text).toContain('1 Dedicated Host');
    expect(JSON.stringify(v.blocks)).toContain('Dedicated Host `h-0d123456bbf78910d`');
  });

  it('a Spot warning is informational: no mention, no Snooze, no buttons', () => {
    const a = alert({
      kind: 'spot',
      type: 'spot-interruption',
      urgent: false,
      info: true,
      entities: [entity({ statusText: 'terminate', facts: running })],
    });
    const v = view(a);
    expectGolden('alert-spot-interruption', v);
    expect(v.text).not.toContain('<@U0ONCALL>');
    expect(JSON.stringify(v.blocks)).not.toContain('ec2.alert.snooze');
  });
});
