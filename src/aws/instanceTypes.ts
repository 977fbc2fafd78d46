import { DescribeInstanceTypesCommand, type EC2Client, type InstanceTypeInfo } from '@aws-sdk/client-ec2';
import type { TypeInfo } from '../domain/instanceType';
import { typeCatalogOf } from './typeCatalog';

export function toTypeInfo(t: InstanceTypeInfo): TypeInfo {
  return {
    name: String(t.InstanceType ?? ''),
    hypervisor: t.Hypervisor ? String(t.Hypervisor) : undefined,
    currentGeneration: t.CurrentGeneration === true,
    ena: (t.NetworkInfo?.EnaSupport as TypeInfo['ena'] | undefined) ?? 'unsupported',
    nvme: (t.EbsInfo?.NvmeSupport as TypeInfo['nvme'] | undefined) ?? 'unsupported',
    architectures: (t.ProcessorInfo?.SupportedArchitectures ?? []).map(String),
    virtualizationTypes: (t.SupportedVirtualizationTypes ?? []).map(String),
    bootModes: (t.SupportedBootModes ?? []).map(String),
    vcpus: t.VCpuInfo?.DefaultVCpus ?? 0,
    memoryMiB: t.MemoryInfo?.SizeInMiB ?? 0,
    instanceStorage: t.InstanceStorageSupported === true,
    hibernation: t.HibernationSupported === true,
    autoRecovery: t.AutoRecoverySupported,
    rebootMigration: t.RebootMigrationSupport ? t.RebootMigrationSupport === 'supported' : undefined,
  };
}

/**
 * The named types the region offers, with their facts: from the region's type catalog (shared by every
 * account, src/aws/typeCatalog.ts), else DescribeInstanceTypes through this client.
 */
export async function describeTypes(ec2: EC2Client, names: Iterable<string>): Promise<Map<string, TypeInfo>> {
  const region = await ec2.config.region();
  return typeCatalogOf(ec2).lookup(region, [...names], (missing) => fetchTypes(ec2, missing));
}

/**
 * DescribeInstanceTypes for the named types. Asked through the `instance-type` filter, not `InstanceTypes`:
 * a name the region lacks is simply absent (InstanceTypes would fail the whole call).
 */
async function fetchTypes(ec2: EC2Client, unique: string[]): Promise<Map<string, TypeInfo>> {
  const out = new Map<string, TypeInfo>();
  for (let i = 0; i < unique.length; i += 100) {
    let token: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeInstanceTypesCommand({
          Filters: [{ Name: 'instance-type', Values: unique.slice(i, i + 100) }],
          NextToken: token,
        }),
      );
      for (const t of page.InstanceTypes ?? []) out.set(String(t.InstanceType), toTypeInfo(t));
      token = page.NextToken;
    } while (token);
  }
  return out;
}
