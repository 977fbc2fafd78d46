import type { EC2Client } from '@aws-sdk/client-ec2';
import type { TypeFacts } from '../domain/audit';
import { describeTypes } from './instanceTypes';

/** Instance type facts do not change; a process keeps them this long and saves a call per scan. */
const FACTS_TTL_MS = 6 * 3600_000;

/** Facts per region + type, shared by every scan in this process (data only, no clients). */
const cache = new Map<string, { facts: TypeFacts; at: number }>();

/**
 * Hypervisor, generation and instance-store support of the given types: from the cache, else
 * DescribeInstanceTypes (`describeTypes`). `region` keys the cache (offerings differ by region).
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
  if (missing.length === 0) return out;
  for (const [name, info] of await describeTypes(ec2, missing)) {
    const facts: TypeFacts = {
      hypervisor: info.hypervisor,
      currentGeneration: info.currentGeneration,
      instanceStore: info.instanceStorage,
      autoRecovery: info.autoRecovery,
      rebootMigration: info.rebootMigration,
    };
    out.set(name, facts);
    cache.set(`${region}|${name}`, { facts, at: now() });
  }
  return out;
}
