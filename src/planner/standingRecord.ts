import type { UnplannedItem } from './plan';

/** A move applied by `auto_approve` (no person): the event, where it went, the plan that ran it. */
export interface AppliedItem {
  key: string;
  instanceId: string;
  region: string;
  code: string;
  name?: string;
  at: string;
  appliedAt: string;
  planId: string;
}

/** An event AWS already put inside the instance's associated event window. */
export interface WindowPlaced {
  key: string;
  instanceId: string;
  region: string;
  code: string;
  awsAt?: string;
  windowId: string;
}

/** One region's MaintenanceOptions: instances with reboot migration / automatic recovery turned off. */
export interface Coverage {
  instances: number;
  rebootMigrationOff: string[];
  autoRecoveryOff: string[];
  checkedAt: string;
}

/** An open event where turning a maintenance option on lets AWS fix it without a stop. */
export interface OptionHint {
  key: string;
  instanceId: string;
  region: string;
  code: string;
  option: 'reboot-migration';
}

/** What one account's standing plan holds between sweeps (one Redis key per account). */
export interface StandingRecord {
  account: string;
  channel?: string;
  ts?: string;
  /** The proposed additions (a PlanRecord in state `proposed`), if any wait. */
  additionsId?: string;
  /** Standing PlanRecords approved or applied by policy, newest last (capped). */
  planIds: string[];
  applied: AppliedItem[];
  placed: WindowPlaced[];
  /** Events the planner could not place or nothing pre-empts, each with why (planner's words). */
  left: UnplannedItem[];
  /** Keys of open events in a plan someone made (`/ec2 maintenance plan`). */
  inOtherPlans: string[];
  coverage: Record<string, Coverage>;
  hints: OptionHint[];
  /** When each open event was first seen and first placed (planned, applied, left with a reason). */
  seenAt: Record<string, string>;
  handledAt: Record<string, string>;
  lastSweep?: string;
  /** Hash of the last message posted (an unchanged plan is not updated). */
  shown?: string;
}

export const emptyStanding = (account: string): StandingRecord => ({
  account,
  planIds: [],
  applied: [],
  placed: [],
  left: [],
  inOtherPlans: [],
  coverage: {},
  hints: [],
  seenAt: {},
  handledAt: {},
});
