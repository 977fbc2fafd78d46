/** What the bot needs of one instance type (DescribeInstanceTypes). Pure model. */
export interface TypeInfo {
  name: string;
  hypervisor?: 'xen' | 'nitro' | string;
  currentGeneration: boolean;
  /** NetworkInfo.EnaSupport. */
  ena: 'unsupported' | 'supported' | 'required';
  /** EbsInfo.NvmeSupport. */
  nvme: 'unsupported' | 'supported' | 'required';
  architectures: string[];
  virtualizationTypes: string[];
  bootModes: string[];
  vcpus: number;
  memoryMiB: number;
  instanceStorage: boolean;
  hibernation: boolean;
  /** AutoRecoverySupported: simplified automatic recovery can cover this type. Undefined: not said. */
  autoRecovery?: boolean;
  /** RebootMigrationSupport = supported: a user reboot can migrate a system-reboot away. Undefined: not said. */
  rebootMigration?: boolean;
}

/**
 * Nitro successors by family, in order of preference (same CPU vendor first, then newer generations as a
 * fallback: a suggestion must also be current generation in DescribeInstanceTypes, see fitsAsSuccessor).
 */
const SUCCESSORS: Record<string, string[]> = {
  t1: ['t3'],
  t2: ['t3', 't3a'],
  m1: ['m5', 'm7i'],
  m2: ['r5', 'r7i'],
  m3: ['m5', 'm6i', 'm7i'],
  m4: ['m5', 'm5a', 'm6i', 'm7i'],
  c1: ['c5', 'c7i'],
  c3: ['c5', 'c6i', 'c7i'],
  c4: ['c5', 'c5a', 'c6i', 'c7i'],
  cc2: ['c5', 'c7i'],
  r3: ['r5', 'r6i', 'r7i'],
  r4: ['r5', 'r5a', 'r6i', 'r7i'],
  i2: ['i3en'],
  i3: ['i3en', 'i4i'],
  d2: ['d3'],
  h1: ['d3'],
  x1: ['x2idn'],
  x1e: ['x2iedn'],
  p2: ['p3'],
  g2: ['g4dn'],
  g3: ['g4dn'],
  f1: ['f2'],
};

/** `m4.large` → { family: 'm4', size: 'large' }. */
export function splitType(name: string): { family: string; size: string } {
  const dot = name.indexOf('.');
  return dot < 0 ? { family: name, size: '' } : { family: name.slice(0, dot), size: name.slice(dot + 1) };
}

/** Same-size candidates in the successor families (`t2.micro` → `t3.micro`, `t3a.micro`). */
export function successorCandidates(type: string): string[] {
  const { family, size } = splitType(type);
  return (SUCCESSORS[family] ?? []).map((f) => `${f}.${size}`);
}

/**
 * On the Xen hypervisor: a migration candidate. Decided by `Hypervisor` alone, never by
 * `CurrentGeneration` (m5, c5, r5 are Nitro and never candidates).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceTypeInfo.html
 */
export const isMigrationCandidate = (t: TypeInfo): boolean => t.hypervisor === 'xen';

/**
 * A successor is fit when it is a current-generation Nitro type that runs the instance's architecture
 * with at least the vCPUs and memory (the size is the same by construction: successorCandidates).
 */
export function fitsAsSuccessor(current: TypeInfo, candidate: TypeInfo, architecture?: string): boolean {
  const arch = architecture ?? current.architectures[0];
  return (
    candidate.hypervisor === 'nitro' &&
    candidate.currentGeneration &&
    (!arch || candidate.architectures.includes(arch)) &&
    candidate.vcpus >= current.vcpus &&
    candidate.memoryMiB >= current.memoryMiB
  );
}

/** The first same-size successor the region offers that fits, verified on DescribeInstanceTypes data. */
export function suggestNitroType(
  current: TypeInfo,
  known: ReadonlyMap<string, TypeInfo>,
  architecture?: string,
): TypeInfo | undefined {
  for (const name of successorCandidates(current.name)) {
    const c = known.get(name);
    if (c && fitsAsSuccessor(current, c, architecture)) return c;
  }
  return undefined;
}
