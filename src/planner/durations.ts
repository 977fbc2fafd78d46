/**
 * How long the bot's maintenance actions take, per account-region: the p90 of its own recent runs, kept
 * in Redis, or a default until there is history. The planner sizes waves with these (a wave is as long as
 * its longest action, plus `wave_gap_minutes`) instead of a fixed length.
 */
export type DurationKind = 'reboot' | 'stop-start' | 'standby';

const MIN = 60_000;

/** Until the bot has measured its own runs: reboot 3 min, stop + start 5 min, standby round trip +2 min. */
export const DEFAULT_DURATIONS: Record<DurationKind, number> = {
  reboot: 3 * MIN,
  'stop-start': 5 * MIN,
  standby: 2 * MIN,
};

/** Milliseconds one action of this kind is expected to take in this account-region. */
export type Durations = (account: string, region: string, kind: DurationKind) => number;

export const defaultDurations: Durations = (_a, _r, kind) => DEFAULT_DURATIONS[kind];

/** The p90 of a list of durations (nearest rank). */
export function p90(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)];
}
