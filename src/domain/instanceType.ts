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
}

/** Nitro successors by family, in order of preference (same CPU vendor first). */
const SUCCESSORS: Record<string, string[]> = {
  t1: ['t3'],
  t2: ['t3', 't3a'],
  m1: ['m5'],
  m2: ['r5'],
  m3: ['m5'],
  m4: ['m5', 'm5a'],
  c1: ['c5'],
  c3: ['c5'],
  c4: ['c5', 'c5a'],
  cc2: ['c5'],
  r3: ['r5'],
  r4: ['r5', 'r5a'],
  i2: ['i3en'],
  i3: ['i3en'],
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

/** On Xen, or an old generation that is not on Nitro: a migration candidate. */
export const isMigrationCandidate = (t: TypeInfo): boolean =>
  t.hypervisor === 'xen' || (!t.currentGeneration && t.hypervisor !== 'nitro');

/** A successor is fit when it runs the instance's architecture with at least the vCPUs and memory. */
export function fitsAsSuccessor(current: TypeInfo, candidate: TypeInfo, architecture?: string): boolean {
  const arch = architecture ?? current.architectures[0];
  return (
    candidate.hypervisor === 'nitro' &&
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
