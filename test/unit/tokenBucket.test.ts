import { ec2ThrottleClass } from '../../src/aws/pacing';
import { TokenBucket } from '../helpers/tokenBucket';

describe('TokenBucket', () => {
  it('allows the burst, then refills at the rate', () => {
    let t = 0;
    const b = new TokenBucket(3, 2, () => t);
    expect([b.tryTake(), b.tryTake(), b.tryTake(), b.tryTake()]).toEqual([true, true, true, false]);
    expect(b.waitMs()).toBe(500);
    t = 499;
    expect(b.tryTake()).toBe(false);
    t = 1000;
    expect(b.tryTake()).toBe(true);
  });

  it('take() paces waiters in order at the refill rate', async () => {
    const b = new TokenBucket(1, 50);
    const start = performance.now();
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => b.take().then(() => order.push(i))));
    const elapsed = performance.now() - start;
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(elapsed).toBeGreaterThanOrEqual(4 * 20 - 5);
  });
});

describe('ec2ThrottleClass', () => {
  it('puts each call in its EC2 bucket', () => {
    expect(ec2ThrottleClass('StartInstancesCommand')).toBe('start-run');
    expect(ec2ThrottleClass('DeleteSnapshotCommand')).toBe('snapshot');
    expect(ec2ThrottleClass('DescribeInstancesCommand', { InstanceIds: ['i-1'] })).toBe('non-mutating');
    expect(ec2ThrottleClass('DescribeInstancesCommand', {})).toBe('unfiltered-describe');
    expect(ec2ThrottleClass('StopInstancesCommand')).toBe('mutating');
  });
});
