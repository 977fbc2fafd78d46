import { type BucketLimits, type Ec2ThrottleClass, ec2ThrottleClass } from '../src/aws/pacing';
import { TokenBucket } from '../test/helpers/tokenBucket';

/** Query-protocol parameters that make a Describe call "filtered" (EC2's unfiltered bucket is smaller). */
const FILTER_PARAMS: Record<string, string> = {
  Filter: 'Filters',
  InstanceId: 'InstanceIds',
  ImageId: 'ImageIds',
  SnapshotId: 'SnapshotIds',
  VolumeId: 'VolumeIds',
  InstanceType: 'InstanceTypes',
  GroupId: 'GroupIds',
};

/**
 * EC2's request throttling as one party in front of moto, for every bot process at once: a bucket
 * per account, region and class, fed by DelayProxy's `gate`. It reads the wire request (the Query
 * protocol form), not the SDK's input, so it knows nothing of the bot's own pacer.
 */
export class Ec2Gate {
  private readonly buckets = new Map<string, TokenBucket>();
  readonly throttled: Record<string, number> = {};
  /** When each call was let through (ms epoch), by action. */
  readonly sentAt: Record<string, number[]> = {};

  constructor(
    private readonly limits: BucketLimits,
    private readonly classOf: (c: Ec2ThrottleClass) => Ec2ThrottleClass = (c) => c,
  ) {}

  get totalThrottled(): number {
    return Object.values(this.throttled).reduce((a, b) => a + b, 0);
  }

  readonly gate = (c: { account: string; region: string; service: string; action: string; form: string }) => {
    if (c.service !== 'ec2') return true;
    const cls = this.classOf(ec2ThrottleClass(c.action, inputShape(c.form)));
    const l = this.limits[cls];
    if (l) {
      const key = `${c.account}|${c.region}|${cls}`;
      let b = this.buckets.get(key);
      if (!b) {
        b = new TokenBucket(l.capacity, l.refillPerSec);
        this.buckets.set(key, b);
      }
      if (!b.tryTake()) {
        this.throttled[cls] = (this.throttled[cls] ?? 0) + 1;
        return false;
      }
    }
    const sent = this.sentAt[c.action] ?? [];
    sent.push(Date.now());
    this.sentAt[c.action] = sent;
    return true;
  };
}

/** `InstanceId.1=i-…&MaxResults=5` → `{ InstanceIds: ['…'], MaxResults: '5' }`: enough to classify. */
function inputShape(form: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(form)) {
    const list = FILTER_PARAMS[k.split('.')[0] ?? ''];
    if (list && /\.\d+/.test(k)) out[list] = [v];
    if (k === 'MaxResults') out.MaxResults = v;
  }
  return out;
}
