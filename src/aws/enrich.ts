import type { EC2Client } from '@aws-sdk/client-ec2';
import type { TypeFacts } from '../domain/audit';
import type { InstanceInfo } from '../domain/instance';
import { describeInstances } from './instances';
import { addSpotTypes } from './spotRequests';
import { describeTypeFacts } from './typeFacts';

/** The `instance-id` filter takes up to 200 values; a filter (unlike InstanceIds) ignores unknown ids. */
const IDS_PER_FILTER = 200;

export interface Enriched {
  instances: Map<string, InstanceInfo>;
  types: Map<string, TypeFacts>;
}

/** Name, type, state, EIP, root device, ASG, Spot (and its request type) of the given instances, then their types' facts. */
export async function enrich(
  ec2: EC2Client,
  account: string,
  region: string,
  ids: string[],
): Promise<Enriched> {
  const unique = [...new Set(ids)];
  const found: InstanceInfo[] = [];
  for (let n = 0; n < unique.length; n += IDS_PER_FILTER) {
    const filters = [{ Name: 'instance-id', Values: unique.slice(n, n + IDS_PER_FILTER) }];
    found.push(...(await describeInstances(ec2, account, region, { filters })));
  }
  await addSpotTypes(ec2, found);
  const types = found.length
    ? await describeTypeFacts(
        ec2,
        found.map((i) => i.type),
        region,
      )
    : new Map();
  return { instances: new Map(found.map((i) => [i.id, i])), types };
}

export const emptyEnriched = (): Enriched => ({ instances: new Map(), types: new Map() });
