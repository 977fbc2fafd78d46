import type { InstanceInfo } from './instance';
import { isMigrationCandidate, suggestNitroType, type TypeInfo } from './instanceType';
import { type ImageFacts, isWindows, preflight, type Verdict } from './preflight';

export interface FleetInstance {
  instance: InstanceInfo;
  stateReason?: string;
  enaSupport: boolean;
}

export interface NitroRow {
  instance: InstanceInfo;
  suggested?: string;
  verdict: Verdict;
  /** Blockers, or the OS checks needed. */
  reasons: string[];
  /**
   * What to check inside this instance's OS before the move, per OS: Linux gets NitroInstanceChecks (ENA
   * and NVMe drivers, fstab); Windows driver advice comes only for Windows, through the preflight.
   */
  prepare?: string;
}

const LINUX_PREPARE =
  'Linux: run NitroInstanceChecks first (ENA and NVMe drivers in the initramfs, /etc/fstab by UUID or label)';

export interface NitroReport {
  rows: NitroRow[];
  byVerdict: Record<Verdict, number>;
  byRegion: Record<string, number>;
}

/** The instances on the Xen hypervisor (pure): `Hypervisor`, never `CurrentGeneration`. */
export const needsMigration = (i: InstanceInfo, types: ReadonlyMap<string, TypeInfo>): boolean => {
  const t = types.get(i.type);
  return !!t && isMigrationCandidate(t);
};

/** One instance: the suggested same-size Nitro type and its preflight verdict (pure). */
export function assess(
  f: FleetInstance,
  types: ReadonlyMap<string, TypeInfo>,
  images: ReadonlyMap<string, ImageFacts>,
): NitroRow {
  const current = types.get(f.instance.type);
  const target = current ? suggestNitroType(current, types, f.instance.architecture) : undefined;
  if (!current || !target)
    return {
      instance: f.instance,
      verdict: 'blocked',
      reasons: [
        'no Nitro type of the same size with the same architecture and at least the vCPUs and memory',
      ],
    };
  const pf = preflight({
    instance: f.instance,
    stateReason: f.stateReason,
    enaSupport: f.enaSupport,
    image: f.instance.imageId ? images.get(f.instance.imageId) : undefined,
    current,
    targetName: target.name,
    target,
  });
  const reasons = pf.items
    .filter((c) => (pf.verdict === 'blocked' ? c.status === 'block' : c.status === 'warn' && c.osCheck))
    .map((c) => c.text);
  const image = f.instance.imageId ? images.get(f.instance.imageId) : undefined;
  const prepare = pf.verdict !== 'blocked' && !isWindows(f.instance, image) ? LINUX_PREPARE : undefined;
  return {
    instance: f.instance,
    suggested: target.name,
    verdict: pf.verdict,
    reasons,
    ...(prepare ? { prepare } : {}),
  };
}

export function summarize(rows: NitroRow[]): NitroReport {
  const byVerdict: Record<Verdict, number> = { ready: 0, 'needs-os-checks': 0, blocked: 0 };
  const byRegion: Record<string, number> = {};
  for (const r of rows) {
    byVerdict[r.verdict] += 1;
    const key = `${r.instance.accountAlias}/${r.instance.region}`;
    byRegion[key] = (byRegion[key] ?? 0) + 1;
  }
  return { rows, byVerdict, byRegion };
}
