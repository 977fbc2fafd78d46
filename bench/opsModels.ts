import type { BucketLimits, Ec2ThrottleClass } from '../src/aws/pacing';

/** The accounts and account-regions of the `ops` benchmark (shared by the bench and its worker processes). */
export const TARGETS = [
  { alias: 'alpha', id: '333333333333', region: 'us-east-1' },
  { alias: 'alpha', id: '333333333333', region: 'eu-west-1' },
  { alias: 'beta', id: '444444444444', region: 'us-east-1' },
  { alias: 'beta', id: '444444444444', region: 'eu-west-1' },
];
const account = (alias: string, id: string) => `
  ${alias}:
    id: "${id}"
    role_arn: arn:aws:iam::${id}:role/ec2-ops-bot
    regions: [us-east-1, eu-west-1]
    operators: [U0BENCH]
    approval: { required_for: [] }`;
export const CONFIG = `accounts:${account('alpha', '333333333333')}${account('beta', '444444444444')}\n`;

export interface Model {
  name: string;
  limits: BucketLimits;
  classOf: (c: Ec2ThrottleClass) => Ec2ThrottleClass;
  /**
   * Calls per account-region per bucket for N recovers: StopInstances, StartInstances, and the two tags
   * of the in-flight record (CreateTags before the stop, DeleteTags at the end: src/ops/inFlight.ts),
   * which EC2 counts as mutating calls.
   */
  calls: (n: number) => Partial<Record<Ec2ThrottleClass, number>>;
}

/**
 * Two models of EC2's buckets, each enforced in front of moto and used by the bot's pacer alike:
 *  - every mutating call, StopInstances, StartInstances and the tags alike, from one mutating bucket (50, 5/s);
 *  - docs/architecture.md §4: StopInstances and the tags from mutating (50, 5/s), StartInstances from its own bucket (5, 2/s).
 */
export const MODELS: Model[] = [
  {
    name: 'mutating bucket 50, 5/s (stop + start + in-flight tags)',
    limits: { mutating: { capacity: 50, refillPerSec: 5 } },
    classOf: (c) => (c === 'start-run' ? 'mutating' : c),
    calls: (n) => ({ mutating: 4 * n }),
  },
  {
    name: 'docs/architecture.md §4 buckets (stop: mutating 50, 5/s; start: 5, 2/s)',
    limits: { mutating: { capacity: 50, refillPerSec: 5 }, 'start-run': { capacity: 5, refillPerSec: 2 } },
    classOf: (c) => c,
    calls: (n) => ({ mutating: 3 * n, 'start-run': n }),
  },
];

/** The time the buckets alone force: max over account-regions and buckets of (calls − capacity) / refill. */
export function bucketBound(model: Model, perTarget: number): number {
  let worst = 0;
  for (const [cls, n] of Object.entries(model.calls(perTarget))) {
    const l = model.limits[cls as Ec2ThrottleClass];
    if (l && n) worst = Math.max(worst, Math.max(0, n - l.capacity) / l.refillPerSec);
  }
  return worst;
}
