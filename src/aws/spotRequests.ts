import { DescribeSpotInstanceRequestsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { InstanceInfo, SpotType } from '../domain/instance';
import { classifyAwsError } from '../errors/aws';

/** The `instance-id` filter takes up to 200 values. */
const IDS_PER_FILTER = 200;

/**
 * The request type behind each Spot instance (DescribeSpotInstanceRequests `Type`), by the `instance-id`
 * filter, so it works whatever launched the instance: `one-time` cannot be stopped, `persistent` can.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/stop-spot-instances.html
 * A role without the permission, or a request EC2 no longer returns, leaves the type unknown.
 */
export async function spotRequestTypes(ec2: EC2Client, ids: string[]): Promise<Map<string, SpotType>> {
  const out = new Map<string, SpotType>();
  for (let n = 0; n < ids.length; n += IDS_PER_FILTER) {
    const values = ids.slice(n, n + IDS_PER_FILTER);
    try {
      const res = await ec2.send(
        new DescribeSpotInstanceRequestsCommand({ Filters: [{ Name: 'instance-id', Values: values }] }),
      );
      for (const r of res.SpotInstanceRequests ?? [])
        if (r.InstanceId && (r.Type === 'one-time' || r.Type === 'persistent')) out.set(r.InstanceId, r.Type);
    } catch (err) {
      const kind = classifyAwsError(err);
      if (kind !== 'access-denied' && kind !== 'not-found' && kind !== 'invalid') throw err;
    }
  }
  return out;
}

/** Sets `spotType` on the Spot instances among `instances` (one call per 200 of them). */
export async function addSpotTypes(ec2: EC2Client, instances: InstanceInfo[]): Promise<void> {
  const spot = instances.filter((i) => i.spot);
  if (!spot.length) return;
  const types = await spotRequestTypes(
    ec2,
    spot.map((i) => i.id),
  );
  for (const i of spot) i.spotType = types.get(i.id);
}
