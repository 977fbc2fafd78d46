import type { MaintenanceConfig } from '../config/maintenanceSchema';
import type { Operation } from '../config/operations';
import type { AwsAction, EventFacts } from '../domain/eventAdvice';
import type { ScheduledEvent } from '../domain/events';
import type { Durations } from './durations';
import type { WaveBudget } from './occupancy';

/** One open event on one instance, with the facts that decide how it lands (the events scan's row). */
export interface PlanRow extends EventFacts {
  event: ScheduledEvent;
}

/**
 * What the plan does for an event: move AWS's start into a window, act before AWS does (reboot, stop +
 * start), or leave it where AWS put it because that is inside a window already (`aws`).
 */
export type PlanAction = 'reschedule' | 'reboot' | 'recover' | 'aws';

export interface PlanInput {
  rows: PlanRow[];
  /** The account's maintenance block (undefined: none configured). */
  config(account: string): MaintenanceConfig | undefined;
  now: Date;
  days: number;
  budget?: WaveBudget;
  /** How long the bot's actions take per account-region (measured p90; default: the defaults). */
  durations?: Durations;
  /** Actions that already ran for an event (by key) and did not clear it: never planned again for it. */
  tried?: Record<string, PlanAction[]>;
  /** Work already booked (a running plan's later items): it holds its groups and budget first. */
  booked?: PlannedItem[];
}

export interface ItemBase {
  /** account|region|instance|code: the same event across two plans. */
  key: string;
  account: string;
  region: string;
  instanceId: string;
  name?: string;
  code: string;
  eventId?: string;
  /** Group label ("asg:web", "tag:service=pay"); undefined: the instance is its own group. */
  group?: string;
  az?: string;
  /** What AWS itself does at its time. */
  awsAction: AwsAction;
  /** When AWS acts if nobody does anything (the event's NotBefore as AWS has it now). */
  awsAt?: string;
  /** Until when AWS may act: NotAfter, or a conservative span from NotBefore (`spanAssumed`). */
  awsUntil?: string;
  spanAssumed?: boolean;
  /**
   * AWS's action stops the instance and the plan does not pre-empt it: `start` — from AWS's time the bot
   * watches it and starts it once stopped; `leave` — it stays stopped (`maintenance.after_aws_stop`).
   */
  afterStop?: 'start' | 'leave';
  /**
   * An Auto Scaling member (`maintenance.asg: standby`) with a start after AWS's stop: the bot puts it in
   * standby in `group` at `at` (a lead time before AWS's time), so the group does not replace it when AWS
   * stops it; the start after the stop returns it to service (src/maintenance/watch.ts).
   */
  standby?: { group: string; at: string };
  why: string[];
}

export interface PlannedItem extends ItemBase {
  action: PlanAction;
  /** The operation that carries the action out (its spec, its machine); none for `aws`. */
  op?: Operation;
  params: Record<string, unknown>;
  /** When it happens: the bot's action, or AWS's (moved or kept) start. */
  at: string;
  end: string;
  /** The window occurrence the slot belongs to: later waves in it may start early, never after it closes. */
  windowOpen: string;
  windowClose: string;
}

export interface UnplannedItem extends ItemBase {
  /** True: it could be acted on, but no slot fits (freeze, deadline, group limit); false: nothing pre-empts it. */
  conflict: boolean;
  /** AWS ends it with a termination: what a person must do before AWS's date (never done by the bot). */
  person?: string;
}

export interface Wave {
  at: string;
  end: string;
  windowOpen: string;
  windowClose: string;
  items: PlannedItem[];
}

export interface MaintenancePlan {
  now: string;
  until: string;
  waves: Wave[];
  unplanned: UnplannedItem[];
  /** EC2 mutating calls the plan will make (reschedules at approval, stops and starts in waves). */
  calls: number;
}

/** A moment inside a `why` line (one definition for every maker of such text: src/domain/time.ts). */
export { dateToken } from '../domain/time';

/** The items of a plan that the bot acts on, and whether AWS's own action on an item is still ahead. */
export const plannedItems = (p: MaintenancePlan): PlannedItem[] => p.waves.flatMap((w) => w.items);

/** AWS acts on it itself (moved, kept, left, or a termination) rather than the bot pre-empting it. */
export const awsActs = (i: PlannedItem | UnplannedItem): boolean =>
  !('action' in i) || i.action === 'aws' || i.action === 'reschedule';
