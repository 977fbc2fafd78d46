/** Security and readiness findings over instances, security groups and volumes. Pure. */

export interface SgRule {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
}

export interface SecurityGroupInfo {
  id: string;
  name?: string;
  region: string;
  rules: SgRule[];
}

const WORLD = new Set(['0.0.0.0/0', '::/0']);
export const WATCHED_PORTS = [22, 3389] as const;

/** What a group opens to the whole internet: "all ports", "22", "3389". Empty when nothing. */
export function worldOpenings(sg: SecurityGroupInfo): string[] {
  const out = new Set<string>();
  for (const r of sg.rules) {
    if (!r.cidrs.some((c) => WORLD.has(c))) continue;
    const all = r.protocol === '-1' || (r.fromPort === 0 && r.toPort === 65535) || r.fromPort === -1;
    if (all) {
      out.add('all ports');
      continue;
    }
    if (r.protocol !== 'tcp' && r.protocol !== '6') continue;
    for (const p of WATCHED_PORTS) {
      if ((r.fromPort ?? 0) <= p && p <= (r.toPort ?? 65535)) out.add(String(p));
    }
  }
  return [...out];
}

export interface TypeFacts {
  hypervisor?: string;
  currentGeneration?: boolean;
  instanceStore: boolean;
  /** DescribeInstanceTypes AutoRecoverySupported (undefined: not said). */
  autoRecovery?: boolean;
  /** DescribeInstanceTypes RebootMigrationSupport = supported (undefined: not said). */
  rebootMigration?: boolean;
}

/**
 * Why a type needs a move to Nitro, or undefined when it does not: the `Hypervisor` DescribeInstanceTypes
 * gives, never `CurrentGeneration` (m5, c5, r5 are Nitro whatever that flag says; bare-metal types have no
 * hypervisor). https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceTypeInfo.html
 */
export function legacyReason(facts: TypeFacts | undefined): string | undefined {
  return facts?.hypervisor === 'xen' ? 'Xen hypervisor' : undefined;
}

export interface AuditInstance {
  id: string;
  name?: string;
  region: string;
  type: string;
  publicIp?: string;
  hasElasticIp: boolean;
  securityGroupIds: string[];
  rootVolumeId?: string;
}

export interface AuditReport {
  openGroups: { group: SecurityGroupInfo; openings: string[]; instances: AuditInstance[] }[];
  publicWithoutEip: AuditInstance[];
  unencryptedRoots: AuditInstance[];
  legacyTypes: { instance: AuditInstance; reason: string }[];
  /** Types DescribeInstanceTypes did not describe: their hypervisor is unknown, so they are not judged. */
  unknownTypes: string[];
}

/** Builds the findings of one account from what each region returned. */
export function auditFindings(input: {
  instances: AuditInstance[];
  groups: SecurityGroupInfo[];
  unencryptedVolumeIds: Set<string>;
  typeFacts: Map<string, TypeFacts>;
}): AuditReport {
  const { instances, groups } = input;
  const openGroups = groups
    .map((group) => ({
      group,
      openings: worldOpenings(group),
      instances: instances.filter((i) => i.region === group.region && i.securityGroupIds.includes(group.id)),
    }))
    .filter((g) => g.openings.length > 0 && g.instances.length > 0);
  return {
    openGroups,
    publicWithoutEip: instances.filter((i) => i.publicIp && !i.hasElasticIp),
    unencryptedRoots: instances.filter(
      (i) => i.rootVolumeId && input.unencryptedVolumeIds.has(i.rootVolumeId),
    ),
    legacyTypes: instances.flatMap((i) => {
      const reason = legacyReason(input.typeFacts.get(i.type));
      return reason ? [{ instance: i, reason }] : [];
    }),
    unknownTypes: [...new Set(instances.map((i) => i.type))].filter((t) => !input.typeFacts.has(t)).sort(),
  };
}
