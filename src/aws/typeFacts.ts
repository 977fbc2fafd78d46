import type { EC2Client } from '@aws-sdk/client-ec2';
import type { TypeFacts } from '../domain/audit';
import { describeTypes } from './instanceTypes';

/**
 * Hypervisor, generation and instance-store support of the given types, from the region's type catalog
 * (one DescribeInstanceTypes answer per region serves every account, src/aws/typeCatalog.ts).
 * `_region` is kept for callers that pass it; the client's own region keys the catalog.
 */
export async function describeTypeFacts(
  ec2: EC2Client,
  types: string[],
  _region?: string,
): Promise<Map<string, TypeFacts>> {
  const out = new Map<string, TypeFacts>();
  for (const [name, info] of await describeTypes(ec2, types)) {
    out.set(name, {
      hypervisor: info.hypervisor,
      currentGeneration: info.currentGeneration,
      instanceStore: info.instanceStorage,
      autoRecovery: info.autoRecovery,
      rebootMigration: info.rebootMigration,
    });
  }
  return out;
}
