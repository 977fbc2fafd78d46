import type { FinalizeRequestMiddleware, MiddlewareStack } from '@aws-sdk/types';
import type { Redis } from '../redis/client';
import { type RedisKeys, redisKeys } from '../redis/keys';

/**
 * EC2 API throttling classes and their buckets per account and region (docs/architecture.md §4). EC2's current
 * documentation gives each API action its own bucket, sized by its category
 * (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html); one bucket per category
 * is stricter — the calls of a category together stay under what any one action may spend — so the
 * pacer never overshoots, at the cost of speed only when several actions of one category run flat out.
 */
export const EC2_BUCKETS = {
  'non-mutating': { capacity: 100, refillPerSec: 20 },
  'unfiltered-describe': { capacity: 50, refillPerSec: 10 },
  mutating: { capacity: 50, refillPerSec: 5 },
  'start-run': { capacity: 5, refillPerSec: 2 },
  snapshot: { capacity: 100, refillPerSec: 5 },
  /**
   * Not EC2: the Auto Scaling API of the account-region (standby in and out, terminate through the group,
   * and the group reads a standby round polls). AWS publishes no bucket sizes for it; this one keeps every
   * process of the bot together at a pace well under what a console user reaches.
   */
  autoscaling: { capacity: 40, refillPerSec: 10 },
} as const;
export type Ec2ThrottleClass = keyof typeof EC2_BUCKETS;
export type BucketLimits = Partial<Record<Ec2ThrottleClass, { capacity: number; refillPerSec: number }>>;

/** Which EC2 bucket a command draws from. */
export function ec2ThrottleClass(commandName: string, input: Record<string, unknown> = {}): Ec2ThrottleClass {
  const action = commandName.replace(/Command$/, '');
  if (action === 'StartInstances' || action === 'RunInstances') return 'start-run';
  if (action === 'CreateSnapshot' || action === 'CreateSnapshots' || action === 'DeleteSnapshot')
    return 'snapshot';
  if (/^(Describe|Get|List)/.test(action)) {
    const filtered = [
      'Filters',
      'InstanceIds',
      'ImageIds',
      'SnapshotIds',
      'VolumeIds',
      'InstanceTypes',
      'GroupIds',
    ].some((k) => Array.isArray(input[k]) && (input[k] as unknown[]).length > 0);
    return filtered || input.MaxResults ? 'non-mutating' : 'unfiltered-describe';
  }
  return 'mutating';
}

/**
 * Takes one token from a bucket kept in Redis, on Redis's clock (every process agrees on the time).
 * A token that is not there yet is reserved: the balance goes below zero and the answer is how many
 * milliseconds until that token is refilled. The caller sleeps that long and goes; it never asks
 * again, so waiting costs Redis nothing and waiters go in the order they asked.
 * KEYS[1] = the bucket (hash: tokens, at); ARGV = capacity, refill per second.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then tokens = cap; at = now end
tokens = math.min(cap, tokens + math.max(0, now - at) * rate / 1000) - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) * 1000 / rate) + 1000)
if tokens >= 0 then return 0 end
return math.ceil(-tokens * 1000 / rate)`;

/**
 * A reserved token is used this long after it is due. Requests do not all take equally long to reach
 * EC2, and one that gets there ahead of its token is throttled; the margin only delays requests that
 * wait anyway, so the budget's throughput is unchanged.
 */
const MARGIN_MS = 50;

export interface Ec2PacerOptions {
  /** Bucket shapes other than EC2's (benchmarks). */
  limits?: BucketLimits;
  /** Which bucket a class draws from (default its own); e.g. Start/Run counted as mutating. */
  classOf?: (cls: Ec2ThrottleClass) => Ec2ThrottleClass;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Client-side pacing, one budget per account and region for every process of the bot: each EC2 request
 * (each attempt, retries included) takes a token from its bucket in Redis before it is signed and sent,
 * so N workers together stay under EC2's limits instead of spending N times the budget.
 */
export class Ec2Pacer {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly opts: Ec2PacerOptions = {},
  ) {
    this.keys = redisKeys(prefix);
  }

  /** Reserves a token and waits until it is due; resolves with the milliseconds waited. */
  async take(accountId: string, region: string, cls: Ec2ThrottleClass): Promise<number> {
    const bucket = this.opts.classOf?.(cls) ?? cls;
    const l = this.opts.limits?.[bucket] ?? EC2_BUCKETS[bucket];
    const key = this.keys.ec2Bucket(accountId, region, bucket);
    const wait = Number(await this.redis.eval(TAKE, 1, key, String(l.capacity), String(l.refillPerSec)));
    if (wait > 0) await (this.opts.sleep ?? sleep)(wait + MARGIN_MS);
    return wait;
  }

  /** Paces an SDK client; `classify` picks the bucket of each command (EC2's classes by default). */
  attach<I extends object, O extends object>(
    client: { middlewareStack: MiddlewareStack<I, O> },
    accountId: string,
    region: string,
    classify: (command: string, input: Record<string, unknown>) => Ec2ThrottleClass = ec2ThrottleClass,
  ): void {
    const pace: FinalizeRequestMiddleware<I, O> = (next, context) => async (args) => {
      const cls = classify(String(context.commandName ?? ''), args.input as Record<string, unknown>);
      await this.take(accountId, region, cls);
      return next(args);
    };
    client.middlewareStack.addRelativeTo(
      pace,
      // Inside the SDK's retry (each attempt pays) and before signing (a long wait never sends a
      // stale signature).
      { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'ec2botPacing' },
    );
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
