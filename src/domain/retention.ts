import { DateTime } from 'luxon';

/**
 * EBS snapshot retention: daily + monthly, per volume. Pure: a function of (snapshots, policy, now, tz).
 *
 * Definitions (README "Snapshot retention" says the same in prose):
 * - **Managed** snapshots carry the tag `managed-by=ec2-ops-bot` (the bot created them). Only managed
 *   snapshots are ever deleted, and only managed snapshots take part in the decisions. Every other
 *   snapshot is `foreign`: listed, never touched, and never "the first of a month" for the policy.
 * - **Daily** — "younger than `daily_days`": the snapshot started strictly after the daily cutoff,
 *   which is `now` moved back `daily_days` *calendar days in the policy's time zone* at the same local
 *   wall-clock time (luxon calendar arithmetic, so a DST change never moves the boundary by an hour).
 *   A snapshot exactly at the cutoff is not younger. `daily_days: 0` puts the cutoff at `now`: only a
 *   snapshot that started after `now` (clock skew) counts as daily.
 * - **Monthly** — `monthly_months: N` keeps the first snapshot of N calendar months, counting the
 *   current month as one: in November with N = 7, the months May … November. So a policy of "monthly
 *   for seven months" holds seven monthly snapshots, never eight; the oldest is the first of the month
 *   six months back. A month is the local month of the snapshot's start time in the policy's zone
 *   (23:30 UTC on 31 May is 1 June in Asia/Seoul). "First" is the earliest start time among the
 *   volume's managed snapshots of that month whose state is not `error` (a failed snapshot is no
 *   backup); when the 1st has none, the earliest later one counts. Ties on start time: the lower id.
 *   `monthly_months: 0` keeps no monthly snapshots.
 * - A snapshot that is both daily and its month's first is reported `keep-daily` with `firstOfMonth`.
 * - Everything else managed is deleted. Deleting the `delete` set and planning again with the same
 *   `now` deletes nothing more (the plan is idempotent; property-tested).
 */

export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'ec2-ops-bot';

export interface RetentionPolicy {
  dailyDays: number;
  monthlyMonths: number;
}

export interface SnapshotRecord {
  id: string;
  volumeId: string;
  startTime: Date;
  /** Tagged managed-by=ec2-ops-bot and owned by the account. */
  managed: boolean;
  /** pending | completed | error | recoverable | … */
  state?: string;
}

export type Decision = 'keep-daily' | 'keep-monthly' | 'delete' | 'foreign';

export interface SnapshotDecision {
  snapshot: SnapshotRecord;
  decision: Decision;
  /** The first snapshot of its local month (managed, not in error) for its volume. */
  firstOfMonth: boolean;
  /** Local month of the start time, `yyyy-MM`. */
  month: string;
  reason: string;
}

export interface RetentionCounts {
  keepDaily: number;
  keepMonthly: number;
  delete: number;
  foreign: number;
}

export interface VolumeRetention {
  volumeId: string;
  /** Newest first. */
  decisions: SnapshotDecision[];
  counts: RetentionCounts;
  oldestKept?: Date;
  newestKept?: Date;
}

export interface RetentionPlan {
  volumes: VolumeRetention[];
  totals: RetentionCounts;
  /** Snapshots that started at or before this instant are not daily. */
  dailyCutoff: Date;
  /** First month (`yyyy-MM`) whose first snapshot is kept; undefined when monthly_months is 0. */
  monthlyFrom?: string;
  tz: string;
}

export interface RetentionWindow {
  dailyCutoff: Date;
  monthlyFrom?: string;
}

const localOf = (d: Date, tz: string): DateTime => {
  const dt = DateTime.fromJSDate(d, { zone: tz });
  if (!dt.isValid) throw new Error(`invalid time zone or date: ${tz} ${String(d)}`);
  return dt;
};

export const monthOf = (d: Date, tz: string): string => localOf(d, tz).toFormat('yyyy-MM');

/** The daily cutoff and the first monthly month for a policy at `now` in `tz`. */
export function retentionWindow(policy: RetentionPolicy, now: Date, tz: string): RetentionWindow {
  const local = localOf(now, tz);
  return {
    dailyCutoff: local.minus({ days: policy.dailyDays }).toJSDate(),
    monthlyFrom:
      policy.monthlyMonths > 0
        ? local
            .startOf('month')
            .minus({ months: policy.monthlyMonths - 1 })
            .toFormat('yyyy-MM')
        : undefined,
  };
}

const byStart = (a: SnapshotRecord, b: SnapshotRecord): number =>
  a.startTime.getTime() - b.startTime.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Ids of the first (earliest, not in error) managed snapshot of every local month. */
function firstsOfMonths(snaps: SnapshotRecord[], tz: string): Map<string, string> {
  const firsts = new Map<string, string>();
  for (const s of [...snaps].sort(byStart)) {
    if (!s.managed || s.state === 'error') continue;
    const m = monthOf(s.startTime, tz);
    if (!firsts.has(m)) firsts.set(m, s.id);
  }
  return firsts;
}

function decide(
  s: SnapshotRecord,
  month: string,
  first: string | undefined,
  win: RetentionWindow,
  policy: RetentionPolicy,
  tz: string,
): Pick<SnapshotDecision, 'decision' | 'reason'> {
  if (!s.managed) {
    return { decision: 'foreign', reason: `not created by the bot (no ${MANAGED_BY_TAG} tag): untouched` };
  }
  const isFirst = first === s.id;
  if (s.startTime.getTime() > win.dailyCutoff.getTime()) {
    const also = isFirst ? `; also the first of ${month}` : '';
    return { decision: 'keep-daily', reason: `younger than ${policy.dailyDays} days${also}` };
  }
  const inWindow = win.monthlyFrom !== undefined && month >= win.monthlyFrom;
  if (isFirst && inWindow) {
    return {
      decision: 'keep-monthly',
      reason: `first of ${month} (${tz}), within ${policy.monthlyMonths} months`,
    };
  }
  if (isFirst) {
    const window = win.monthlyFrom ? `the window starts at ${win.monthlyFrom}` : 'no monthly snapshots kept';
    return { decision: 'delete', reason: `first of ${month}, outside the monthly window (${window})` };
  }
  const firstNote = first ? `${first} is` : 'no usable snapshot is';
  return {
    decision: 'delete',
    reason: `older than ${policy.dailyDays} days and not the first of ${month} (${firstNote})`,
  };
}

function planVolume(
  volumeId: string,
  snaps: SnapshotRecord[],
  win: RetentionWindow,
  policy: RetentionPolicy,
  tz: string,
): VolumeRetention {
  const firsts = firstsOfMonths(snaps, tz);
  const decisions = [...snaps]
    .sort((a, b) => byStart(b, a))
    .map((s): SnapshotDecision => {
      const month = monthOf(s.startTime, tz);
      const first = firsts.get(month);
      const d = decide(s, month, first, win, policy, tz);
      return { snapshot: s, month, firstOfMonth: s.managed && first === s.id, ...d };
    });
  const kept = decisions.filter((d) => d.decision === 'keep-daily' || d.decision === 'keep-monthly');
  return {
    volumeId,
    decisions,
    counts: countOf(decisions),
    newestKept: kept[0]?.snapshot.startTime,
    oldestKept: kept[kept.length - 1]?.snapshot.startTime,
  };
}

const countOf = (decisions: SnapshotDecision[]): RetentionCounts => ({
  keepDaily: decisions.filter((d) => d.decision === 'keep-daily').length,
  keepMonthly: decisions.filter((d) => d.decision === 'keep-monthly').length,
  delete: decisions.filter((d) => d.decision === 'delete').length,
  foreign: decisions.filter((d) => d.decision === 'foreign').length,
});

/** Decides, per volume, which snapshots to keep (daily / monthly), delete, or leave (foreign). */
export function planRetention(
  snapshots: SnapshotRecord[],
  policy: RetentionPolicy,
  now: Date,
  tz: string,
): RetentionPlan {
  const win = retentionWindow(policy, now, tz);
  const byVolume = new Map<string, SnapshotRecord[]>();
  for (const s of snapshots) {
    const list = byVolume.get(s.volumeId) ?? [];
    list.push(s);
    byVolume.set(s.volumeId, list);
  }
  const volumes = [...byVolume.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([volumeId, snaps]) => planVolume(volumeId, snaps, win, policy, tz));
  const totals = countOf(volumes.flatMap((v) => v.decisions));
  return { volumes, totals, dailyCutoff: win.dailyCutoff, monthlyFrom: win.monthlyFrom, tz };
}

/** The snapshots a plan deletes, in volume order, oldest first within a volume. */
export const deletions = (plan: RetentionPlan): SnapshotDecision[] =>
  plan.volumes.flatMap((v) => v.decisions.filter((d) => d.decision === 'delete').reverse());
