import fc from 'fast-check';
import {
  deletions,
  planRetention,
  type RetentionPolicy,
  type SnapshotDecision,
  type SnapshotRecord,
} from '../../src/domain/retention';

const snap = (
  id: string,
  iso: string,
  o: { vol?: string; managed?: boolean; state?: string } = {},
): SnapshotRecord => ({
  id,
  volumeId: o.vol ?? 'vol-1',
  startTime: new Date(iso),
  managed: o.managed ?? true,
  state: o.state ?? 'completed',
});

const decisionsById = (snaps: SnapshotRecord[], policy: RetentionPolicy, now: string, tz = 'UTC') => {
  const plan = planRetention(snaps, policy, new Date(now), tz);
  return new Map(plan.volumes.flatMap((v) => v.decisions).map((d) => [d.snapshot.id, d]));
};
const decisionOf = (m: Map<string, SnapshotDecision>, id: string) => m.get(id)?.decision;

/** One snapshot a day at 03:00 UTC from `from` to `to` inclusive, ids s-YYYY-MM-DD. */
const dailyHistory = (from: string, to: string, vol = 'vol-1'): SnapshotRecord[] => {
  const out: SnapshotRecord[] = [];
  for (let t = Date.parse(`${from}T03:00:00Z`); t <= Date.parse(`${to}T03:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(snap(`s-${day}`, `${day}T03:00:00Z`, { vol }));
  }
  return out;
};

describe('planRetention: examples', () => {
  it('plans nothing for an empty history', () => {
    const plan = planRetention(
      [],
      { dailyDays: 30, monthlyMonths: 7 },
      new Date('2026-11-21T03:00:00Z'),
      'UTC',
    );
    expect(plan.volumes).toEqual([]);
    expect(plan.totals).toEqual({ keepDaily: 0, keepMonthly: 0, delete: 0, foreign: 0 });
  });

  it('keeps 30 dailies and the first of May…October over nine months of history (monthly 7 counts November)', () => {
    const snaps = dailyHistory('2026-02-01', '2026-11-21');
    const plan = planRetention(
      snaps,
      { dailyDays: 30, monthlyMonths: 7 },
      new Date('2026-11-21T03:30:00Z'),
      'UTC',
    );
    const v = plan.volumes[0]!;
    const kept = v.decisions.filter((d) => d.decision !== 'delete').map((d) => d.snapshot.id);
    const monthly = v.decisions.filter((d) => d.decision === 'keep-monthly').map((d) => d.snapshot.id);
    expect(monthly.sort()).toEqual([
      's-2026-05-01',
      's-2026-06-01',
      's-2026-07-01',
      's-2026-08-01',
      's-2026-09-01',
      's-2026-10-01',
    ]);
    // cutoff 2026-10-22T03:30Z: 10-22 03:00 is older; 10-23 … 11-21 are 30 dailies (11-01 among them).
    expect(v.counts.keepDaily).toBe(30);
    expect(kept).toContain('s-2026-11-01');
    expect(
      decisionOf(
        decisionsById(snaps, { dailyDays: 30, monthlyMonths: 7 }, '2026-11-21T03:30:00Z'),
        's-2026-10-22',
      ),
    ).toBe('delete');
    expect(
      decisionOf(
        decisionsById(snaps, { dailyDays: 30, monthlyMonths: 7 }, '2026-11-21T03:30:00Z'),
        's-2026-04-01',
      ),
    ).toBe('delete');
    expect(v.counts.delete).toBe(snaps.length - 36);
    expect(v.oldestKept?.toISOString()).toBe('2026-05-01T03:00:00.000Z');
    expect(v.newestKept?.toISOString()).toBe('2026-11-21T03:00:00.000Z');
    expect(plan.monthlyFrom).toBe('2026-05');
  });

  it('daily boundary: exactly daily_days old is not younger; one millisecond newer is', () => {
    const m = decisionsById(
      [
        snap('at', '2026-10-22T03:00:00.000Z'),
        snap('after', '2026-10-22T03:00:00.001Z', { vol: 'vol-2' }),
        snap('x', '2026-10-01T00:00:00Z'),
      ],
      { dailyDays: 30, monthlyMonths: 0 },
      '2026-11-21T03:00:00.000Z',
    );
    expect(decisionOf(m, 'at')).toBe('delete');
    expect(decisionOf(m, 'after')).toBe('keep-daily');
  });

  it('counts monthly_months as calendar months including the current one', () => {
    const snaps = ['04', '05', '06', '07', '08', '09', '10', '11'].map((mm) =>
      snap(`m${mm}`, `2026-${mm}-01T00:00:00Z`),
    );
    const m = decisionsById(snaps, { dailyDays: 0, monthlyMonths: 7 }, '2026-11-21T12:00:00Z');
    for (const mm of ['05', '06', '07', '08', '09', '10', '11'])
      expect(decisionOf(m, `m${mm}`)).toBe('keep-monthly');
    expect(decisionOf(m, 'm04')).toBe('delete');
    expect(m.get('m04')?.reason).toContain('outside the monthly window (the window starts at 2026-05)');
  });

  it('keeps the earliest snapshot of a month when the 1st is missing', () => {
    const m = decisionsById(
      [
        snap('jun10', '2026-06-10T03:00:00Z'),
        snap('jun03', '2026-06-03T03:00:00Z'),
        snap('jun20', '2026-06-20T03:00:00Z'),
      ],
      { dailyDays: 7, monthlyMonths: 12 },
      '2026-11-21T03:00:00Z',
    );
    expect(decisionOf(m, 'jun03')).toBe('keep-monthly');
    expect(decisionOf(m, 'jun10')).toBe('delete');
    expect(m.get('jun10')?.reason).toContain('jun03 is');
    expect(decisionOf(m, 'jun20')).toBe('delete');
  });

  it('keeps only the earliest of several snapshots on the 1st; a tie on start time goes to the lower id', () => {
    const m = decisionsById(
      [
        snap('b-noon', '2026-06-01T12:00:00Z'),
        snap('c-late', '2026-06-01T22:00:00Z'),
        snap('a-early', '2026-06-01T01:00:00Z'),
        snap('t2', '2026-07-01T05:00:00Z'),
        snap('t1', '2026-07-01T05:00:00Z'),
      ],
      { dailyDays: 1, monthlyMonths: 12 },
      '2026-11-21T03:00:00Z',
    );
    expect(decisionOf(m, 'a-early')).toBe('keep-monthly');
    expect(decisionOf(m, 'b-noon')).toBe('delete');
    expect(decisionOf(m, 'c-late')).toBe('delete');
    expect(decisionOf(m, 't1')).toBe('keep-monthly');
    expect(decisionOf(m, 't2')).toBe('delete');
  });

  it('time-zone edge: 23:30 UTC on 31 May is 1 June in Asia/Seoul', () => {
    const snaps = [
      snap('may01', '2026-05-01T03:00:00Z'),
      snap('may31late', '2026-05-31T23:30:00Z'),
      snap('jun01', '2026-06-01T10:00:00Z'),
    ];
    const policy = { dailyDays: 30, monthlyMonths: 12 };
    const seoul = decisionsById(snaps, policy, '2026-11-21T03:00:00Z', 'Asia/Seoul');
    expect(seoul.get('may31late')?.month).toBe('2026-06');
    expect(decisionOf(seoul, 'may31late')).toBe('keep-monthly');
    expect(decisionOf(seoul, 'jun01')).toBe('delete');
    const utc = decisionsById(snaps, policy, '2026-11-21T03:00:00Z', 'UTC');
    expect(utc.get('may31late')?.month).toBe('2026-05');
    expect(decisionOf(utc, 'may31late')).toBe('delete');
    expect(decisionOf(utc, 'jun01')).toBe('keep-monthly');
  });

  it('time-zone edge: the current month and so the window follow the policy zone', () => {
    // 2026-11-30T16:00Z is 1 December 01:00 in Seoul, still 30 November in UTC.
    const snaps = [snap('oct', '2026-10-01T03:00:00Z'), snap('nov', '2026-11-01T03:00:00Z')];
    const policy = { dailyDays: 0, monthlyMonths: 2 };
    expect(decisionOf(decisionsById(snaps, policy, '2026-11-30T16:00:00Z', 'Asia/Seoul'), 'oct')).toBe(
      'delete',
    );
    expect(decisionOf(decisionsById(snaps, policy, '2026-11-30T16:00:00Z', 'UTC'), 'oct')).toBe(
      'keep-monthly',
    );
  });

  it('DST end (America/New_York): seven local days back is 7×24 h + 1 h', () => {
    // now 2026-11-05 03:00 EST; cutoff 2026-10-29 03:00 EDT = 07:00Z (7×24 h would say 08:00Z).
    const m = decisionsById(
      [
        snap('at', '2026-10-29T07:00:00Z'),
        snap('in', '2026-10-29T07:30:00Z', { vol: 'vol-2' }),
        snap('x', '2026-10-01T00:00:00Z'),
      ],
      { dailyDays: 7, monthlyMonths: 0 },
      '2026-11-05T08:00:00Z',
      'America/New_York',
    );
    expect(decisionOf(m, 'at')).toBe('delete');
    expect(decisionOf(m, 'in')).toBe('keep-daily');
  });

  it('DST start (Europe/Berlin): seven local days back is 7×24 h − 1 h', () => {
    // now 2026-04-02 03:00 CEST = 01:00Z; cutoff 2026-03-26 03:00 CET = 02:00Z (7×24 h would say 01:00Z).
    const m = decisionsById(
      [
        snap('before', '2026-03-26T01:30:00Z'),
        snap('at', '2026-03-26T02:00:00Z'),
        snap('after', '2026-03-26T02:00:01Z'),
      ],
      { dailyDays: 7, monthlyMonths: 0 },
      '2026-04-02T01:00:00Z',
      'Europe/Berlin',
    );
    expect(decisionOf(m, 'before')).toBe('delete');
    expect(decisionOf(m, 'at')).toBe('delete');
    expect(decisionOf(m, 'after')).toBe('keep-daily');
  });

  it('DST zone month boundary: 22:30 UTC on 31 March is 1 April in Berlin (CEST)', () => {
    const m = decisionsById(
      [snap('apr-local', '2026-03-31T22:30:00Z'), snap('apr-2', '2026-04-02T00:00:00Z')],
      { dailyDays: 0, monthlyMonths: 12 },
      '2026-11-21T03:00:00Z',
      'Europe/Berlin',
    );
    expect(m.get('apr-local')?.month).toBe('2026-04');
    expect(decisionOf(m, 'apr-local')).toBe('keep-monthly');
  });

  it('a policy of 0 days and 0 months deletes every managed snapshot, except one newer than now (clock skew)', () => {
    const snaps = [
      snap('old', '2025-01-01T00:00:00Z'),
      snap('yesterday', '2026-11-20T03:00:00Z'),
      snap('skew', '2026-11-21T03:00:05Z'),
      snap('manual', '2025-01-01T00:00:00Z', { managed: false }),
    ];
    const plan = planRetention(
      snaps,
      { dailyDays: 0, monthlyMonths: 0 },
      new Date('2026-11-21T03:00:00Z'),
      'UTC',
    );
    expect(
      deletions(plan)
        .map((d) => d.snapshot.id)
        .sort(),
    ).toEqual(['old', 'yesterday']);
    expect(plan.totals).toEqual({ keepDaily: 1, keepMonthly: 0, delete: 2, foreign: 1 });
    expect(plan.monthlyFrom).toBeUndefined();
  });

  it('leaves foreign snapshots alone and never lets one stand in as the first of a month', () => {
    const m = decisionsById(
      [
        snap('manual-jun01', '2026-06-01T00:00:00Z', { managed: false }),
        snap('bot-jun05', '2026-06-05T00:00:00Z'),
        snap('bot-jun09', '2026-06-09T00:00:00Z'),
      ],
      { dailyDays: 30, monthlyMonths: 12 },
      '2026-11-21T03:00:00Z',
    );
    expect(decisionOf(m, 'manual-jun01')).toBe('foreign');
    expect(decisionOf(m, 'bot-jun05')).toBe('keep-monthly');
    expect(decisionOf(m, 'bot-jun09')).toBe('delete');
  });

  it('a failed (error) snapshot is no backup: the next one is the first of the month', () => {
    const m = decisionsById(
      [snap('err', '2026-06-01T00:00:00Z', { state: 'error' }), snap('ok', '2026-06-02T00:00:00Z')],
      { dailyDays: 30, monthlyMonths: 12 },
      '2026-11-21T03:00:00Z',
    );
    expect(decisionOf(m, 'ok')).toBe('keep-monthly');
    expect(decisionOf(m, 'err')).toBe('delete');
  });

  it('decides per volume: each volume keeps its own first of the month', () => {
    const plan = planRetention(
      [
        snap('a1', '2026-06-01T00:00:00Z', { vol: 'vol-a' }),
        snap('a2', '2026-06-02T00:00:00Z', { vol: 'vol-a' }),
        snap('b2', '2026-06-02T00:00:00Z', { vol: 'vol-b' }),
      ],
      { dailyDays: 0, monthlyMonths: 12 },
      new Date('2026-11-21T03:00:00Z'),
      'UTC',
    );
    expect(plan.volumes.map((v) => [v.volumeId, v.counts.keepMonthly, v.counts.delete])).toEqual([
      ['vol-a', 1, 1],
      ['vol-b', 1, 0],
    ]);
  });

  it('refuses an unknown time zone', () => {
    expect(() => planRetention([], { dailyDays: 1, monthlyMonths: 1 }, new Date(), 'Mars/Olympus')).toThrow(
      /time zone/,
    );
  });
});

// ---- properties ---------------------------------------------------------------------------------

const ZONES = [
  'UTC',
  'Asia/Seoul',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/St_Johns',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
];
const DAY = 86_400_000;

/** The local month with Intl, independent of the planner's luxon. */
const intlMonth = (d: Date, tz: string): string => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(d);
  return `${parts.find((p) => p.type === 'year')?.value}-${parts.find((p) => p.type === 'month')?.value}`;
};
const monthsBack = (ym: string, n: number): string => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) - n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
};

const scenario = fc
  .record({
    now: fc.date({
      min: new Date('2024-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    tz: fc.constantFrom(...ZONES),
    policy: fc.record({
      dailyDays: fc.integer({ min: 0, max: 60 }),
      monthlyMonths: fc.integer({ min: 0, max: 14 }),
    }),
    raw: fc.array(
      fc.record({
        vol: fc.constantFrom('vol-a', 'vol-b', 'vol-c'),
        // mostly at whole hours (many ties and same-day snapshots), sometimes anywhere
        offset: fc.oneof(
          fc.integer({ min: -420 * 24, max: 24 }).map((h) => h * 3_600_000),
          fc.integer({ min: -420 * DAY, max: DAY }),
        ),
        managed: fc.boolean(),
        state: fc.constantFrom('completed', 'completed', 'completed', 'pending', 'error'),
      }),
      { maxLength: 120 },
    ),
  })
  .map(({ now, tz, policy, raw }) => ({
    now,
    tz,
    policy,
    snaps: raw.map((r, i) => ({
      id: `snap-${String(i).padStart(4, '0')}`,
      volumeId: r.vol,
      startTime: new Date(now.getTime() + r.offset),
      managed: r.managed,
      state: r.state,
    })),
  }));

const RUNS = { numRuns: 300 };

describe('planRetention: properties', () => {
  it('never deletes a snapshot younger than daily_days (and 2 h of DST slack never matters)', () => {
    fc.assert(
      fc.property(scenario, ({ now, tz, policy, snaps }) => {
        const plan = planRetention(snaps, policy, now, tz);
        for (const d of deletions(plan)) {
          const age = now.getTime() - d.snapshot.startTime.getTime();
          // local calendar days differ from 24 h days by at most the DST shift (≤ 1 h; Lord Howe 30 min)
          if (age < policy.dailyDays * DAY - 2 * 3_600_000) return false;
          if (d.snapshot.startTime > plan.dailyCutoff) return false;
        }
        return true;
      }),
      RUNS,
    );
  });

  it('every kept monthly is the first usable managed snapshot of its local month, and inside the window', () => {
    fc.assert(
      fc.property(scenario, ({ now, tz, policy, snaps }) => {
        const plan = planRetention(snaps, policy, now, tz);
        const from = monthsBack(intlMonth(now, tz), policy.monthlyMonths - 1);
        for (const v of plan.volumes) {
          for (const d of v.decisions.filter((x) => x.decision === 'keep-monthly')) {
            const s = d.snapshot;
            const month = intlMonth(s.startTime, tz);
            if (!s.managed || s.state === 'error' || policy.monthlyMonths === 0 || month < from) return false;
            const earlier = snaps.some(
              (o) =>
                o.volumeId === s.volumeId &&
                o.managed &&
                o.state !== 'error' &&
                intlMonth(o.startTime, tz) === month &&
                (o.startTime < s.startTime ||
                  (o.startTime.getTime() === s.startTime.getTime() && o.id < s.id)),
            );
            if (earlier) return false;
          }
        }
        return true;
      }),
      RUNS,
    );
  });

  it('keeps the first of every month in the window that has a usable managed snapshot', () => {
    fc.assert(
      fc.property(scenario, ({ now, tz, policy, snaps }) => {
        if (policy.monthlyMonths === 0) return true;
        const plan = planRetention(snaps, policy, now, tz);
        const from = monthsBack(intlMonth(now, tz), policy.monthlyMonths - 1);
        for (const v of plan.volumes) {
          const months = new Set(
            v.decisions
              .filter((d) => d.snapshot.managed && d.snapshot.state !== 'error')
              .map((d) => intlMonth(d.snapshot.startTime, tz)),
          );
          for (const m of months) {
            if (m < from) continue;
            const kept = v.decisions.filter(
              (d) => d.firstOfMonth && d.decision !== 'delete' && intlMonth(d.snapshot.startTime, tz) === m,
            );
            if (kept.length !== 1) return false;
          }
        }
        return true;
      }),
      RUNS,
    );
  });

  it('never deletes a foreign snapshot, and never calls a managed one foreign', () => {
    fc.assert(
      fc.property(scenario, ({ now, tz, policy, snaps }) => {
        const plan = planRetention(snaps, policy, now, tz);
        return plan.volumes.every((v) =>
          v.decisions.every((d) => (d.decision === 'foreign') === !d.snapshot.managed),
        );
      }),
      RUNS,
    );
  });

  it('is idempotent: after applying the plan, planning again deletes nothing and keeps the same', () => {
    fc.assert(
      fc.property(scenario, ({ now, tz, policy, snaps }) => {
        const first = planRetention(snaps, policy, now, tz);
        const gone = new Set(deletions(first).map((d) => d.snapshot.id));
        const second = planRetention(
          snaps.filter((s) => !gone.has(s.id)),
          policy,
          now,
          tz,
        );
        if (second.totals.delete !== 0) return false;
        const keep = (p: typeof first) =>
          p.volumes
            .flatMap((v) =>
              v.decisions.filter((d) => d.decision !== 'delete').map((d) => `${d.snapshot.id}:${d.decision}`),
            )
            .sort();
        return JSON.stringify(keep(first)) === JSON.stringify(keep(second));
      }),
      RUNS,
    );
  });

  it('deletes every managed snapshot that is neither daily nor a kept first of month (nothing is kept by accident)', () => {
    fc.assert(
      fc.property(scenario, ({ now, tz, policy, snaps }) => {
        const plan = planRetention(snaps, policy, now, tz);
        const from = monthsBack(intlMonth(now, tz), policy.monthlyMonths - 1);
        for (const v of plan.volumes) {
          for (const d of v.decisions) {
            const oldEnough =
              now.getTime() - d.snapshot.startTime.getTime() > policy.dailyDays * DAY + 2 * 3_600_000;
            const monthlyCandidate =
              d.firstOfMonth && policy.monthlyMonths > 0 && intlMonth(d.snapshot.startTime, tz) >= from;
            if (d.snapshot.managed && oldEnough && !monthlyCandidate && d.decision !== 'delete') return false;
          }
        }
        return true;
      }),
      RUNS,
    );
  });
});
