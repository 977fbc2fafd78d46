import type { ScanFailure } from '../domain/scan';
import type { PlanDiff } from './diff';
import type { MaintenancePlan, PlanAction } from './planTypes';

export type PlanState = 'proposed' | 'approved' | 'running' | 'paused' | 'done' | 'cancelled' | 'superseded';

/** How one planned item went (`not-cleared`: it ran, but AWS's event is still open). */
export type ItemState = 'queued' | 'done' | 'failed' | 'skipped' | 'not-cleared';

/**
 * A start after AWS's stop: watching from AWS's time, `standby` — an Auto Scaling member the bot put in
 * standby before AWS's stop (a resumed watch never enters twice, and returns it to service if AWS does
 * not act) — starting it, and how it ended.
 */
export type WatchState = 'watching' | 'standby' | 'starting' | 'done' | 'failed' | 'not-cleared';

export interface PlanRecord {
  id: string;
  /** What was asked: an alias or `all`. */
  target: string;
  accounts: string[];
  days: number;
  plan: MaintenancePlan;
  diff: PlanDiff;
  requester: string;
  channel: string;
  ts?: string;
  state: PlanState;
  /** One approval record per account (src/stores/approvalStore.ts), bound to this plan's items of that account. */
  approvals: Record<string, string>;
  /** Who approved for which account. */
  approvedBy: Record<string, string>;
  createdAt: string;
  /** Execution: the stage running or next (see src/planner/stages.ts), and each item's result. */
  stage: number;
  items: Record<string, ItemState>;
  /** Actions that ran and did not clear an event (by event key): a re-plan never repeats them. */
  tried?: Record<string, PlanAction[]>;
  /** Starts after AWS's stop (src/maintenance/watch.ts), by item key, and their start jobs. */
  watches?: Record<string, WatchState>;
  watchJobs?: Record<string, string>;
  /** Open events found after approval that the plan does not cover (event keys): shown with Re-plan. */
  notInPlan?: string[];
  /** Where the events scan looked and which parts did not answer (the headline never counts those as searched). */
  scan?: { checked: { account: string; regions: string[] }[]; failures: ScanFailure[] };
  /** Why the plan stopped (safe text), while paused. */
  failure?: string;
  cancelledBy?: string;
  correlationId: string;
  /** Set on an account's standing-plan records (src/maintenance/standing.ts): that message shows it. */
  standing?: string;
  /** Bumped by every update (compare-and-set). */
  rev?: number;
}
