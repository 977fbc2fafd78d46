import { type _InstanceType, DescribeInstanceTypesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { TypeFacts } from '../domain/audit';

/** DescribeInstanceTypes accepts at most 100 types a call. */
const MAX_TYPES = 100;

/** Hypervisor, generation and instance-store support of the given types (one call per 100 types). */
export async function describeTypeFacts(ec2: EC2Client, types: string[]): Promise<Map<string, TypeFacts>> {
  const unique = [...new Set(types.filter(Boolean))];
  const out = new Map<string, TypeFacts>();
  for (let n = 0; n < unique.length; n += MAX_TYPES) {
    const res = await ec2.send(
      new DescribeInstanceTypesCommand({ InstanceTypes: unique.slice(n, n + MAX_TYPES) as _InstanceType[] }),
    );
    for (const t of res.InstanceTypes ?? []) {
      out.set(String(t.InstanceType), {
        hypervisor: t.Hypervisor ? String(t.Hypervisor) : undefined,
        currentGeneration: t.CurrentGeneration,
        instanceStore: t.InstanceStorageSupported === true,
      });
    }
  }
  return out;
}
