import type { Account } from '../config/types';
import type { FailureKind, ScanFailure } from '../domain/scan';
import { awsErrorName, classifyAwsError } from '../errors/aws';

/** One account-region a read-only scan covers. */
export interface ScanUnit {
  account: Account;
  region: string;
  /**
   * Not known whether the region holds instances (src/query/activeRegions.ts): the scan's own first call
   * tells, and the scan reports it.
   */
  discover?: boolean;
}

export class ScanTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'ScanTimeout';
  }
}

/** Per account-region budget: a slow region is reported missing instead of holding up the answer. */
export const UNIT_TIMEOUT_MS = 25_000;

export function failureOf(err: unknown, part: string, account: string, region?: string): ScanFailure {
  const kind = classifyAwsError(err);
  const mapped: FailureKind =
    err instanceof ScanTimeout || kind === 'transient'
      ? 'timeout'
      : kind === 'access-denied'
        ? 'access-denied'
        : kind === 'throttled'
          ? 'throttled'
          : 'error';
  return { account, region, part, kind: mapped, errorName: awsErrorName(err) };
}

export function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScanTimeout(ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs `scan` for every unit at once (the answer takes as long as the slowest unit, not the sum) and
 * keeps going when a unit fails: its failure is returned beside the others' results. EC2 pacing per
 * account-region (src/aws/pacing.ts) keeps the burst under the API's token bucket.
 */
export async function fanOut<T>(
  units: ScanUnit[],
  part: string,
  scan: (u: ScanUnit) => Promise<T>,
  opts: { timeoutMs?: number; onSettled?: (u: ScanUnit, value: T | undefined) => void } = {},
): Promise<{ results: { unit: ScanUnit; value: T }[]; failures: ScanFailure[] }> {
  const settled = await Promise.allSettled(
    units.map(async (u) => {
      try {
        const v = await withDeadline(scan(u), opts.timeoutMs ?? UNIT_TIMEOUT_MS);
        opts.onSettled?.(u, v);
        return v;
      } catch (err) {
        opts.onSettled?.(u, undefined);
        throw err;
      }
    }),
  );
  const results: { unit: ScanUnit; value: T }[] = [];
  const failures: ScanFailure[] = [];
  settled.forEach((s, n) => {
    const unit = units[n]!;
    if (s.status === 'fulfilled') results.push({ unit, value: s.value });
    else failures.push(failureOf(s.reason, part, unit.account.alias, unit.region));
  });
  return { results, failures };
}

/** Every configured region of every account, or just the one named. */
export const unitsOf = (accounts: Account[], region?: string): ScanUnit[] =>
  accounts.flatMap((account) => (region ? [region] : account.regions).map((r) => ({ account, region: r })));
