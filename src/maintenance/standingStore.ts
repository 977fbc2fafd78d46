import type { Redis } from '../redis/client';
import { type RedisKeys, redisKeys } from '../redis/keys';
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

const KEEP_S = 30 * 24 * 3600;

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

/** The standing plans in Redis. Only the account's sweep writes (under its lock), so a plain GET/SET. */
export class StandingStore {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  async get(account: string): Promise<StandingRecord | undefined> {
    const raw = await this.redis.get(this.keys.standing(account));
    return raw ? { ...emptyStanding(account), ...(JSON.parse(raw) as StandingRecord) } : undefined;
  }

  async put(r: StandingRecord): Promise<void> {
    await this.redis.set(this.keys.standing(r.account), JSON.stringify(r), 'EX', KEEP_S);
  }

  /** One sweep of an account at a time (the scheduler and a webhook may start two). */
  async lock(account: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.standingLock(account), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async unlock(account: string): Promise<void> {
    await this.redis.del(this.keys.standingLock(account));
  }

  /** True at most once per `ttlS` per account: the approvers' mention. */
  async mentionDue(account: string, ttlS: number): Promise<boolean> {
    return (await this.redis.set(this.keys.standingMention(account), '1', 'EX', ttlS, 'NX')) === 'OK';
  }
}
