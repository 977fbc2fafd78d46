import type { EC2Client } from '@aws-sdk/client-ec2';
import { TokenBucket } from '../domain/tokenBucket';

/** EC2 API throttling classes and their buckets per account-region (DESIGN.md §4). */
export const EC2_BUCKETS = {
  'non-mutating': { capacity: 100, refillPerSec: 20 },
  'unfiltered-describe': { capacity: 50, refillPerSec: 10 },
  mutating: { capacity: 50, refillPerSec: 5 },
  'start-run': { capacity: 5, refillPerSec: 2 },
  snapshot: { capacity: 100, refillPerSec: 5 },
} as const;
export type Ec2ThrottleClass = keyof typeof EC2_BUCKETS;

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
 * Client-side pacing: every EC2 request (each attempt) waits for a token from its account-region
 * bucket, so a fan-out or a bulk operation stays under EC2's limits instead of collecting throttles.
 */
export class Ec2Pacer {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limits: Partial<
      Record<Ec2ThrottleClass, { capacity: number; refillPerSec: number }>
    > = {},
  ) {}

  bucket(account: string, region: string, cls: Ec2ThrottleClass): TokenBucket {
    const key = `${account}|${region}|${cls}`;
    let b = this.buckets.get(key);
    if (!b) {
      const l = this.limits[cls] ?? EC2_BUCKETS[cls];
      b = new TokenBucket(l.capacity, l.refillPerSec);
      this.buckets.set(key, b);
    }
    return b;
  }

  attach(client: EC2Client, account: string, region: string): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const cls = ec2ThrottleClass(
          String(context.commandName ?? ''),
          args.input as Record<string, unknown>,
        );
        await this.bucket(account, region, cls).take();
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'ec2botPacing' },
    );
  }
}
