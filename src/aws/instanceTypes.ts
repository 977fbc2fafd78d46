import { type _InstanceType, DescribeInstanceTypesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { TypeFacts } from '../domain/audit';

/** DescribeInstanceTypes accepts at most 100 types a call. */
const MAX_TYPES = 100;
/** Instance type facts do not change; a process keeps them this long and saves a call per scan. */
const FACTS_TTL_MS = 6 * 3600_000;

/** Facts per region + type, shared by every scan in this process (data only, no clients). */
const cache = new Map<string, { facts: TypeFacts; at: number }>();

/**
 * Hypervisor, generation and instance-store support of the given types: from the cache, else one
 * DescribeInstanceTypes call per 100 types. `region` keys the cache (offerings differ by region).
 */
export async function describeTypeFacts(
  ec2: EC2Client,
  types: string[],
  region = 'any',
  now: () => number = Date.now,
): Promise<Map<string, TypeFacts>> {
  const out = new Map<string, TypeFacts>();
  const missing: string[] = [];
  for (const t of new Set(types.filter(Boolean))) {
    const hit = cache.get(`${region}|${t}`);
    if (hit && now() - hit.at < FACTS_TTL_MS) out.set(t, hit.facts);
    else missing.push(t);
  }
  for (let n = 0; n < missing.length; n += MAX_TYPES) {
    const res = await ec2.send(
      new DescribeInstanceTypesCommand({ InstanceTypes: missing.slice(n, n + MAX_TYPES) as _InstanceType[] }),
    );
    for (const t of res.InstanceTypes ?? []) {
      const facts: TypeFacts = {
        hypervisor: t.Hypervisor ? String(t.Hypervisor) : undefined,
        currentGeneration: t.CurrentGeneration,
        instanceStore: t.InstanceStorageSupported === true,
      };
      out.set(String(t.InstanceType), facts);
      cache.set(`${region}|${String(t.InstanceType)}`, { facts, at: now() });
    }
  }
  return out;
}
