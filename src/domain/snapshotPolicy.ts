import type { Account } from '../config/types';
import { AppError, ErrorCode } from '../errors/appError';
import type { RetentionPlan } from './retention';

/** An account's `snapshots:` config with defaults applied (regions default to the account's). */
export interface SnapshotPolicy {
  create: boolean;
  onlyTag?: string;
  dailyDays: number;
  monthlyMonths: number;
  schedule: string;
  tz: string;
  regions: string[];
}

export function snapshotPolicyOf(account: Account): SnapshotPolicy | undefined {
  const s = account.snapshots;
  if (!s) return undefined;
  return {
    create: s.create,
    onlyTag: s.only_tag,
    dailyDays: s.daily_days,
    monthlyMonths: s.monthly_months,
    schedule: s.schedule,
    tz: s.tz,
    regions: s.regions ?? account.regions,
  };
}

/** The policy or a plain answer saying how to configure one. */
export function requireSnapshotPolicy(account: Account): SnapshotPolicy {
  const p = snapshotPolicyOf(account);
  if (!p) {
    throw new AppError(
      ErrorCode.Precondition,
      `Account ${account.alias} has no snapshot policy. Add \`snapshots: { create: true, daily_days: 30, monthly_months: 7 }\` to its config.`,
    );
  }
  return p;
}

/** Regions for one run: the policy's, or a subset a request named (each must be in the policy). */
export function runRegions(policy: SnapshotPolicy, requested?: string[]): string[] {
  if (!requested?.length) return policy.regions;
  const unknown = requested.filter((r) => !policy.regions.includes(r));
  if (unknown.length) {
    throw new AppError(
      ErrorCode.BadInput,
      `Region ${unknown.join(', ')} is not in the snapshot policy (regions: ${policy.regions.join(', ')}).`,
    );
  }
  return requested;
}

/** Compact policy text for tags and messages: `daily=30d monthly=7m tz=Asia/Seoul` (tag-safe). */
export const policyTag = (p: SnapshotPolicy): string =>
  `daily=${p.dailyDays}d monthly=${p.monthlyMonths}m tz=${p.tz}`;

export const policyText = (p: SnapshotPolicy): string =>
  `keep every snapshot younger than ${p.dailyDays} days and the first of each month for ${p.monthlyMonths} months (${p.tz})` +
  (p.create
    ? `; snapshot running instances${p.onlyTag ? ` tagged ${p.onlyTag}` : ''}`
    : '; no new snapshots');

/** One region's dry-run: what a run would create and what retention decides. */
export interface RegionPlan {
  region: string;
  toCreate: { volumeId: string; instanceId: string; instanceName?: string; device: string }[];
  retention?: RetentionPlan;
  /** Human label per volume id ("web-1 /dev/xvda"), from running instances or the bot's tags. */
  volumeLabels: Record<string, string>;
  /** Set when the region could not be read: error name only, never the AWS message. */
  error?: string;
}
