import { maintenanceSchema } from '../../src/config/maintenanceSchema';
import type { EventWindow } from '../../src/domain/eventWindow';
import {
  configRanges,
  EVENT_WINDOW_RULE,
  insideRanges,
  placedByWindow,
  refusalsOf,
  windowFor,
} from '../../src/planner/eventWindows';
import type { PlanRecord } from '../../src/planner/record';
import { emptyStanding, type StandingRecord } from '../../src/planner/standingRecord';
import { windowsView } from '../../src/views/eventWindows';
import { standingMessage } from '../../src/views/standing';
import { expectGolden } from '../helpers/golden';

/** The event-window rules (pure) and the standing plan / windows views (golden). */

const NOW = new Date('2026-11-21T12:00:00Z'); // a Saturday
const cfg = (o: Record<string, unknown>) => maintenanceSchema.parse(o);

describe('config windows as AWS event-window ranges', () => {
  it('converts the wall clock of the tz to UTC hours (Seoul is UTC+9)', () => {
    const r = configRanges(cfg({ tz: 'Asia/Seoul', windows: ['Tue 02:00-05:00', 'Thu 02:00-05:00'] }), NOW);
    expect(r.ranges).toEqual([
      { startDay: 1, startHour: 17, endDay: 1, endHour: 20 },
      { startDay: 3, startHour: 17, endDay: 3, endHour: 20 },
    ]);
    expect(r.refusals).toEqual([]);
    expect(r.notes).toEqual([]);
  });

  it('refuses a 1-hour range and a week under 4 hours, each with AWS rule', () => {
    const r = configRanges(cfg({ tz: 'UTC', windows: ['Thu 02:00-03:00'] }), NOW);
    expect(r.refusals).toHaveLength(2);
    expect(r.refusals[0]).toContain('is 1 h');
    for (const x of r.refusals) expect(x).toContain(EVENT_WINDOW_RULE);
    expect(
      refusalsOf([
        { startDay: 2, startHour: 2, endDay: 2, endHour: 4 },
        { startDay: 4, startHour: 2, endDay: 4, endHour: 4 },
      ]),
    ).toEqual([]);
  });

  it('narrows minutes to whole hours and says so; a window past midnight ends the next day', () => {
    const r = configRanges(cfg({ tz: 'UTC', windows: ['Sat 22:30-03:00'] }), NOW);
    expect(r.ranges).toEqual([{ startDay: 6, startHour: 23, endDay: 0, endHour: 3 }]);
    expect(r.notes[0]).toContain('narrowed');
    expect(insideRanges(r.ranges, new Date('2026-11-22T01:30:00Z'))).toBe(true); // Sunday 01:30
    expect(insideRanges(r.ranges, new Date('2026-11-22T03:00:00Z'))).toBe(false);
    expect(insideRanges(r.ranges, new Date('2026-11-21T22:59:00Z'))).toBe(false);
  });
});

describe('an event inside its associated event window', () => {
  const w: EventWindow = {
    id: 'iew-0abc',
    ranges: [{ startDay: 2, startHour: 2, endDay: 2, endHour: 6 }],
    targets: { instanceIds: [], tags: [{ key: 'ec2bot:maintenance', value: 'window' }], hostIds: [] },
  };
  const tagged = { id: 'i-0aaa', tags: { 'ec2bot:maintenance': 'window' } };
  const tue3 = '2026-11-24T03:00:00Z';

  it('is placed when the window targets the instance (by tag) and holds its start and end', () => {
    expect(windowFor([w], tagged, tagged.id)).toBe(w);
    expect(windowFor([w], { id: 'i-0bbb', tags: {} }, 'i-0bbb')).toBeUndefined();
    expect(placedByWindow({ code: 'instance-stop', notBefore: tue3 }, w)).toBe(true);
    expect(
      placedByWindow({ code: 'instance-stop', notBefore: tue3, notAfter: '2026-11-24T07:00:00Z' }, w),
    ).toBe(false);
    expect(placedByWindow({ code: 'instance-stop', notBefore: '2026-11-24T07:00:00Z' }, w)).toBe(false);
  });

  it('never for network maintenance (event windows do not apply to it)', () => {
    expect(placedByWindow({ code: 'system-maintenance', notBefore: tue3 }, w)).toBe(false);
  });
});

const item = (over: Record<string, unknown>) => ({
  key: `prod|us-east-1|${over.instanceId}|${over.code}`,
  account: 'prod',
  region: 'us-east-1',
  instanceId: 'i-0123456789abcdef0',
  code: 'instance-stop',
  awsAction: 'stop' as const,
  why: ['EBS-backed: a stop + start before AWS acts moves it to a new host'],
  action: 'recover' as const,
  op: 'recover' as const,
  params: {},
  at: '2026-11-24T02:00:00.000Z',
  end: '2026-11-24T02:30:00.000Z',
  windowOpen: '2026-11-24T02:00:00.000Z',
  windowClose: '2026-11-24T05:00:00.000Z',
  ...over,
});

function record(): { s: StandingRecord; additions: PlanRecord } {
  const s: StandingRecord = {
    ...emptyStanding('prod'),
    channel: 'C0PROD',
    ts: '1.1',
    additionsId: 'mp-additions01',
    seenAt: { a: NOW.toISOString(), b: NOW.toISOString(), c: NOW.toISOString(), d: NOW.toISOString() },
    applied: [
      {
        key: 'k1',
        instanceId: 'i-0aaaaaaaaaaaaaaa1',
        region: 'us-east-1',
        code: 'instance-reboot',
        at: '2026-11-24T02:30:00.000Z',
        appliedAt: NOW.toISOString(),
        planId: 'mp-auto0001',
      },
    ],
    placed: [
      {
        key: 'k2',
        instanceId: 'i-0aaaaaaaaaaaaaaa2',
        region: 'us-east-1',
        code: 'system-reboot',
        awsAt: '2026-11-24T03:00:00.000Z',
        windowId: 'iew-0abc',
      },
    ],
    left: [
      {
        key: 'k3',
        account: 'prod',
        region: 'eu-west-1',
        instanceId: 'i-0aaaaaaaaaaaaaaa3',
        name: '<!channel> scratch',
        code: 'instance-retirement',
        awsAt: '2026-11-30T00:00:00.000Z',
        why: ['AWS acts at {date:1796083200000}: cannot move it'],
        awsAction: 'terminate',
        conflict: false,
      } as never,
    ],
    coverage: {
      'us-east-1': {
        instances: 12,
        rebootMigrationOff: ['i-0aaaaaaaaaaaaaaa4'],
        autoRecoveryOff: [],
        checkedAt: NOW.toISOString(),
      },
    },
    hints: [
      {
        key: 'k4',
        instanceId: 'i-0aaaaaaaaaaaaaaa4',
        region: 'us-east-1',
        code: 'system-reboot',
        option: 'reboot-migration',
      },
    ],
    lastSweep: NOW.toISOString(),
  };
  const additions = {
    id: 'mp-additions01',
    target: 'standing:prod',
    accounts: ['prod'],
    days: 14,
    plan: {
      now: NOW.toISOString(),
      until: NOW.toISOString(),
      waves: [
        {
          at: '2026-11-24T02:00:00.000Z',
          end: '2026-11-24T02:30:00.000Z',
          windowOpen: '2026-11-24T02:00:00.000Z',
          windowClose: '2026-11-24T05:00:00.000Z',
          items: [item({ name: 'web <b>1</b>' })],
        },
      ],
      unplanned: [],
      calls: 2,
    },
    diff: { added: [], removed: [], moved: [], first: true },
    requester: 'maintenance-sweep',
    channel: 'C0PROD',
    ts: '1.1',
    state: 'proposed',
    approvals: { prod: 'apr-1' },
    approvedBy: {},
    createdAt: NOW.toISOString(),
    stage: 0,
    items: {},
    correlationId: 'c1',
    standing: 'prod',
  } as PlanRecord;
  return { s, additions };
}

describe('standing plan and windows views (golden)', () => {
  it('the standing plan: additions with one Approve, applied by policy, placed, left, options (escaped)', () => {
    const { s, additions } = record();
    const auto = {
      ...additions,
      id: 'mp-auto0001',
      state: 'done',
      approvedBy: { prod: 'auto_approve' },
      items: { k1: 'done' },
    } as PlanRecord;
    const m = standingMessage({
      record: s,
      additions,
      plans: [auto],
      sweepMinutes: 5,
      autoApprove: ['reschedule'],
    });
    expect(JSON.stringify(m)).not.toContain('<!channel>');
    expectGolden('standing-plan', m);
  });

  it('/ec2 maintenance windows: a window that differs, a region without one, a refused range', () => {
    const wanted = configRanges(
      cfg({ tz: 'Asia/Seoul', windows: ['Tue 02:00-05:00', 'Thu 02:00-03:00'] }),
      NOW,
    );
    const m = windowsView([
      {
        account: 'prod',
        tz: 'Asia/Seoul',
        configured: ['Tue 02:00-05:00', 'Thu 02:00-03:00'],
        tag: 'ec2bot:maintenance=window',
        wanted,
        regions: [
          {
            region: 'us-east-1',
            oursId: 'iew-0abc',
            windows: [
              {
                id: 'iew-0abc',
                name: 'ec2bot-maintenance',
                ranges: [{ startDay: 2, startHour: 2, endDay: 2, endHour: 6 }],
                targets: {
                  instanceIds: [],
                  tags: [{ key: 'ec2bot:maintenance', value: 'window' }],
                  hostIds: [],
                },
              },
              {
                id: 'iew-0def',
                cron: '* 0-4 * * 1',
                ranges: [],
                targets: { instanceIds: ['i-0aaa'], tags: [], hostIds: [] },
              },
            ],
          },
          { region: 'eu-west-1', windows: [] },
          { region: 'ap-northeast-2', windows: [], error: 'UnauthorizedOperation' },
        ],
      },
    ]);
    expectGolden('maintenance-windows', m);
  });
});
