import fc from 'fast-check';
import { type MaintenanceConfig, maintenanceSchema } from '../../src/config/maintenanceSchema';
import type { ScheduledEvent } from '../../src/domain/events';
import type { InstanceInfo } from '../../src/domain/instance';
import { diffPlans } from '../../src/planner/diff';
import { type PlanRow, planMaintenance } from '../../src/planner/plan';
import { freezesOf, slotsOf } from '../../src/planner/windows';
import { anInstance } from '../helpers/instance';

// 2026-12-01 is a Tuesday.
const NOW = new Date('2026-11-30T23:50:00Z');
const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const cfg = (o: Partial<MaintenanceConfig> & { windows: string[] }): MaintenanceConfig =>
  maintenanceSchema.parse(o);

let seq = 0;
const row = (
  e: Partial<ScheduledEvent> & { code: string },
  i: Partial<InstanceInfo> = {},
  extra: Partial<PlanRow> = {},
): PlanRow => {
  const id = i.id ?? `i-${(++seq).toString(16).padStart(17, '0')}`;
  return {
    event: {
      account: 'prod',
      region: 'us-east-1',
      instanceId: id,
      eventId: `instance-event-${id.slice(2)}`,
      sources: ['ec2'],
      ...e,
    },
    instance: anInstance({ id, ...i }),
    instanceStore: false,
    ...extra,
  };
};

describe('maintenance windows', () => {
  it('cuts each weekly occurrence into wave slots, in the tz, for the horizon', () => {
    const slots = slotsOf(
      cfg({ windows: ['Tue 02:00-05:00'] }),
      NOW.getTime(),
      NOW.getTime() + 14 * 24 * HOUR,
    );
    expect(slots.map((s) => iso(s.start))).toEqual(
      ['2026-12-01', '2026-12-08'].flatMap((d) =>
        ['02:00', '02:30', '03:00', '03:30', '04:00', '04:30'].map((t) => `${d}T${t}:00.000Z`),
      ),
    );
    const seoul = slotsOf(
      cfg({ tz: 'Asia/Seoul', windows: ['Tue 02:00-05:00'] }),
      NOW.getTime(),
      NOW.getTime() + 7 * 24 * HOUR,
    );
    expect(iso(seoul[0]!.start)).toBe('2026-12-07T17:00:00.000Z'); // Tue 02:00 KST = Mon 17:00 UTC
  });

  it('starts now inside an open window, runs past midnight, follows DST', () => {
    const open = slotsOf(
      cfg({ windows: ['Tue 02:00-05:00'] }),
      Date.parse('2026-12-01T03:09:30Z'),
      Date.parse('2026-12-02T00:00:00Z'),
    );
    expect(open.map((s) => iso(s.start))).toEqual([
      '2026-12-01T03:10:00.000Z',
      '2026-12-01T03:40:00.000Z',
      '2026-12-01T04:10:00.000Z',
    ]);
    const night = slotsOf(
      cfg({ windows: ['Sat 23:00-01:00'], wave_minutes: 60 }),
      NOW.getTime(),
      NOW.getTime() + 7 * 24 * HOUR,
    );
    expect(night.map((s) => iso(s.start))).toEqual(['2026-12-05T23:00:00.000Z', '2026-12-06T00:00:00.000Z']);
    // US DST ends 2026-11-01: Monday 09:00 New York is 13:00 UTC before, 14:00 UTC after.
    const ny = slotsOf(
      cfg({ tz: 'America/New_York', windows: ['Mon 09:00-09:30'] }),
      Date.parse('2026-10-25T00:00:00Z'),
      Date.parse('2026-11-08T00:00:00Z'),
    );
    expect(ny.map((s) => iso(s.start))).toEqual(['2026-10-26T13:00:00.000Z', '2026-11-02T14:00:00.000Z']);
  });

  it('leaves out slots in a freeze (a bare date is the whole day in tz)', () => {
    const c = cfg({
      windows: ['Tue 02:00-05:00'],
      freezes: [{ from: '2026-12-08', to: '2026-12-08', reason: 'release' }],
    });
    const slots = slotsOf(c, NOW.getTime(), NOW.getTime() + 14 * 24 * HOUR);
    expect(new Set(slots.map((s) => iso(s.start).slice(0, 10)))).toEqual(new Set(['2026-12-01']));
    expect(freezesOf(c)[0]).toEqual({
      from: Date.parse('2026-12-08T00:00:00Z'),
      to: Date.parse('2026-12-09T00:00:00Z'),
      reason: 'release',
    });
  });
});

describe('maintenance planner', () => {
  const weekly = cfg({ windows: ['Tue 02:00-05:00', 'Thu 02:00-05:00'] });
  const plan = (rows: PlanRow[], c: MaintenanceConfig | undefined = weekly, days = 14) =>
    planMaintenance({ rows, config: () => c, now: NOW, days });
  const only = (p: ReturnType<typeof plan>) => p.waves.flatMap((w) => w.items);

  it('moves an event with a deadline into the first window at least 75 minutes ahead', () => {
    const r = row({
      code: 'instance-reboot',
      notBefore: '2026-12-02T12:00:00Z',
      notBeforeDeadline: '2026-12-20T00:00:00Z',
    });
    const [item] = only(plan([r]));
    expect(item).toMatchObject({ action: 'reschedule', op: 'reschedule', at: '2026-12-01T02:00:00.000Z' });
    expect(item!.params).toEqual({ eventId: r.event.eventId, notBefore: '2026-12-01T02:00:00.000Z' });
    // 01:30 is within the 60 + 15 minutes EC2 and the approval need: the first slot is 02:00 -> 01:05 now.
    const late = planMaintenance({
      rows: [r],
      config: () => weekly,
      now: new Date('2026-12-01T01:05:00Z'),
      days: 14,
    });
    // no fixed slots: the earliest minute EC2 and the approval allow (01:05 + 75 min)
    expect(only(late)[0]!.at).toBe('2026-12-01T02:20:00.000Z');
  });

  it('pre-empts what cannot move: stop/start for EBS instance-stop, reboot with migration for system-reboot', () => {
    const stop = row({ code: 'instance-stop', notBefore: '2026-12-04T00:00:00Z', eventId: undefined });
    const sysReboot = row(
      { code: 'system-reboot', notBefore: '2026-12-04T00:00:00Z', eventId: undefined },
      { maintenance: { rebootMigration: 'default' } },
      { rebootMigrationSupported: true },
    );
    const items = only(plan([stop, sysReboot]));
    expect(items.map((i) => [i.instanceId, i.action])).toEqual(
      expect.arrayContaining([
        [stop.event.instanceId, 'recover'],
        [sysReboot.event.instanceId, 'reboot'],
      ]),
    );
    for (const i of items) expect(Date.parse(i.end)).toBeLessThanOrEqual(Date.parse('2026-12-04T00:00:00Z'));
    expect(items.find((i) => i.action === 'recover')!.why.join(' ')).toMatch(/public IP|new host/);
  });

  it('never plans a stop + start of a Spot instance: AWS acts, and the plan says why', () => {
    const spot = row(
      { code: 'instance-stop', notBefore: '2026-12-04T00:00:00Z', eventId: undefined },
      { spot: true },
    );
    const p = plan([spot]);
    expect(only(p)).toEqual([]);
    const [u] = p.unplanned;
    expect(u).toMatchObject({ instanceId: spot.event.instanceId, conflict: false });
    expect(u!.why.join(' ')).toMatch(/does not stop a Spot instance/);
    // the moment AWS acts is a date token for the view (the reader's time zone), never a raw ISO string
    expect(u!.why.join(' ')).toContain(`{date:${Date.parse('2026-12-04T00:00:00Z')}}`);
  });

  it('says when AWS acts for what nothing can move, and calls a missed window a conflict', () => {
    const store = row(
      { code: 'instance-retirement', notBefore: '2026-12-03T00:00:00Z', eventId: undefined },
      { rootDeviceType: 'instance-store' },
    );
    const rebootNoDeadline = row({ code: 'instance-reboot', notBefore: '2026-12-03T00:00:00Z' });
    const tooSoon = row({ code: 'instance-stop', notBefore: '2026-12-01T01:00:00Z', eventId: undefined });
    const p = plan([store, rebootNoDeadline, tooSoon]);
    expect(p.waves).toEqual([]);
    const by = new Map(p.unplanned.map((u) => [u.instanceId, u]));
    expect(by.get(store.event.instanceId)).toMatchObject({
      conflict: false,
      awsAction: 'terminate',
      awsAt: '2026-12-03T00:00:00.000Z',
    });
    expect(by.get(store.event.instanceId)!.person).toMatch(/launch a replacement from your latest AMI/);
    expect(by.get(rebootNoDeadline.event.instanceId)!.why[0]).toMatch(
      /cannot move it .*a reboot of your own does not clear it/,
    );
    expect(by.get(tooSoon.event.instanceId)).toMatchObject({ conflict: true });
    expect(by.get(tooSoon.event.instanceId)!.why[0]).toMatch(/no window fits before AWS acts/);
    expect(
      planMaintenance({ rows: [tooSoon], config: () => undefined, now: NOW, days: 14 }).unplanned[0]!.why[0],
    ).toMatch(/no maintenance windows for this account/);
  });

  it('never puts two members of a max_unavailable 1 group in one wave; spreads a larger group across AZs', () => {
    const asg = [1, 2, 3].map(() =>
      row(
        { code: 'instance-stop', notBefore: '2026-12-10T00:00:00Z', eventId: undefined },
        { autoScalingGroup: 'web', az: 'us-east-1a' },
      ),
    );
    const p = plan(asg);
    expect(p.waves.map((w) => w.items.length)).toEqual([1, 1, 1]);
    expect(only(p)[0]!.group).toBe('asg:web');
    const wide = cfg({ windows: ['Tue 02:00-05:00'], groups: { by: ['tag:service'], max_unavailable: 2 } });
    const pair = (az: string) =>
      row(
        { code: 'instance-stop', notBefore: '2026-12-10T00:00:00Z', eventId: undefined },
        { tags: { service: 'pay' }, az },
      );
    expect(plan([pair('us-east-1a'), pair('us-east-1b')], wide).waves.map((w) => w.items.length)).toEqual([
      2,
    ]);
    expect(plan([pair('us-east-1a'), pair('us-east-1a')], wide).waves.map((w) => w.items.length)).toEqual([
      1, 1,
    ]);
  });

  it('keeps a wave within the EC2 start budget of an account-region', () => {
    const rows = Array.from({ length: 7 }, () =>
      row({ code: 'instance-stop', notBefore: '2026-12-10T00:00:00Z', eventId: undefined }),
    );
    const p = planMaintenance({
      rows,
      config: () => weekly,
      now: NOW,
      days: 14,
      budget: { mutating: 50, start: 3 },
    });
    expect(p.waves.map((w) => w.items.length)).toEqual([3, 3, 1]);
    expect(p.calls).toBe(14);
  });

  it('diffs against the last plan: added, removed, moved', () => {
    const stop = (i: Partial<InstanceInfo> = {}) =>
      row({ code: 'instance-stop', notBefore: '2026-12-10T00:00:00Z', eventId: undefined }, i);
    const [a, b, c, d] = [stop(), stop({ autoScalingGroup: 'g' }), stop({ autoScalingGroup: 'g' }), stop()];
    const first = plan([a!, b!, c!]);
    const second = plan([c!, d!]);
    const keyOf = (r: PlanRow) => `prod|us-east-1|${r.event.instanceId}|instance-stop`;
    expect(diffPlans(undefined, first).first).toBe(true);
    expect(diffPlans(first, second)).toEqual({
      added: [keyOf(d!)],
      removed: [keyOf(a!), keyOf(b!)],
      // b held the group's first slot; with b gone, c moves up to it
      moved: [
        { key: keyOf(c!), from: 'recover 2026-12-01T02:09:00.000Z', to: 'recover 2026-12-01T02:00:00.000Z' },
      ],
      first: false,
    });
    expect(diffPlans(first, first)).toEqual({ added: [], removed: [], moved: [], first: false });
  });
});

describe('maintenance planner properties', () => {
  const CODES = [
    'instance-reboot',
    'system-reboot',
    'system-maintenance',
    'instance-retirement',
    'instance-stop',
  ];
  const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const arbRow = fc.record({
    code: fc.constantFrom(...CODES),
    startH: fc.integer({ min: -2, max: 24 * 16 }),
    deadlineH: fc.option(fc.integer({ min: 0, max: 24 * 20 }), { nil: undefined }),
    asg: fc.option(fc.constantFrom('web', 'api'), { nil: undefined }),
    service: fc.option(fc.constantFrom('pay', 'auth'), { nil: undefined }),
    az: fc.constantFrom('us-east-1a', 'us-east-1b', 'us-east-1c'),
    root: fc.constantFrom('ebs', 'ebs', 'instance-store') as fc.Arbitrary<'ebs' | 'instance-store'>,
    migration: fc.boolean(),
    region: fc.constantFrom('us-east-1', 'eu-west-1'),
  });
  const arbCfg = fc.record({
    windows: fc.uniqueArray(
      fc.record({
        d: fc.constantFrom(...DAYS),
        h: fc.integer({ min: 0, max: 23 }),
        len: fc.integer({ min: 1, max: 6 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    freezeDay: fc.option(fc.integer({ min: 0, max: 13 }), { nil: undefined }),
    max: fc.integer({ min: 1, max: 2 }),
    wave: fc.constantFrom(20, 30, 60),
    startBudget: fc.integer({ min: 1, max: 5 }),
  });

  it('never two members of a group beyond max_unavailable at once, never in a freeze, never past the event or deadline', () => {
    let placed = 0;
    fc.assert(
      fc.property(fc.array(arbRow, { minLength: 1, maxLength: 25 }), arbCfg, (specs, k) => {
        const pad = (n: number) => String(n).padStart(2, '0');
        const freeze =
          k.freezeDay === undefined
            ? []
            : [
                {
                  from: iso(NOW.getTime() + k.freezeDay * 24 * HOUR).slice(0, 10),
                  to: iso(NOW.getTime() + (k.freezeDay + 1) * 24 * HOUR).slice(0, 10),
                  reason: 'f',
                },
              ];
        const c = cfg({
          windows: k.windows.map((w) => `${w.d} ${pad(w.h)}:00-${pad((w.h + w.len) % 24)}:00`),
          freezes: freeze,
          groups: { by: ['asg', 'tag:service'], max_unavailable: k.max },
          wave_minutes: k.wave,
        });
        const rows = specs.map((r) =>
          row(
            {
              code: r.code,
              region: r.region,
              notBefore: iso(NOW.getTime() + r.startH * HOUR),
              ...(r.deadlineH !== undefined
                ? {
                    notBeforeDeadline: iso(NOW.getTime() + Math.max(r.startH, 0) * HOUR + r.deadlineH * HOUR),
                  }
                : { eventId: undefined }),
            },
            {
              region: r.region,
              az: r.az,
              rootDeviceType: r.root,
              ...(r.asg ? { autoScalingGroup: r.asg } : {}),
              tags: r.service ? { service: r.service } : {},
              maintenance: { rebootMigration: r.migration ? 'default' : 'disabled' },
            },
          ),
        );
        const p = planMaintenance({
          rows,
          config: () => c,
          now: NOW,
          days: 14,
          budget: { mutating: 50, start: k.startBudget },
        });
        const items = p.waves.flatMap((w) => w.items);
        placed += items.length;
        // every event is placed once or said to be unplanned, never both
        expect(items.length + p.unplanned.length).toBe(rows.length);
        const freezes = freezesOf(c);
        const byRow = new Map(rows.map((r) => [r.event.instanceId, r]));
        for (const it of items) {
          const at = Date.parse(it.at);
          const end = Date.parse(it.end);
          expect(at).toBeGreaterThanOrEqual(NOW.getTime());
          expect(freezes.some((f) => at < f.to && f.from < end)).toBe(false);
          const e = byRow.get(it.instanceId)!.event;
          if (it.action === 'reschedule') {
            expect(at).toBeLessThanOrEqual(Date.parse(e.notBeforeDeadline!));
            expect(at - NOW.getTime()).toBeGreaterThanOrEqual(3_600_000);
          } else if (it.action === 'aws') {
            expect(it.at).toBe(new Date(e.notBefore!).toISOString()); // kept where AWS put it
          } else {
            expect(end).toBeLessThanOrEqual(Date.parse(e.notBefore!));
          }
        }
        // group limit and AZ spread, over overlapping times
        const groups = new Map<string, typeof items>();
        for (const it of items)
          if (it.group)
            groups.set(`${it.account}|${it.group}|${it.group.startsWith('asg') ? it.region : ''}`, [
              ...(groups.get(`${it.account}|${it.group}|${it.group.startsWith('asg') ? it.region : ''}`) ??
                []),
              it,
            ]);
        for (const members of groups.values()) {
          for (const m of members) {
            // who is down at the moment m starts (intervals: the most at once is reached at some start)
            const t = Date.parse(m.at);
            const together = members.filter((o) => Date.parse(o.at) <= t && t < Date.parse(o.end));
            expect(new Set(together.map((o) => o.instanceId)).size).toBeLessThanOrEqual(k.max);
            expect(together.filter((o) => o.az === m.az).length).toBe(1);
          }
        }
        // EC2 start budget per account-region and wave
        for (const w of p.waves) {
          const starts = new Map<string, number>();
          for (const it of w.items.filter((i) => i.action === 'recover'))
            starts.set(it.region, (starts.get(it.region) ?? 0) + 1);
          for (const n of starts.values()) expect(n).toBeLessThanOrEqual(k.startBudget);
        }
      }),
      { numRuns: 200 },
    );
    expect(placed).toBeGreaterThan(200); // the properties held over real plans, not empty ones
  });
});
