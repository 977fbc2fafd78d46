import type { DescribeInstanceTypesCommandOutput } from '@aws-sdk/client-ec2';
import { toTypeInfo } from '../../src/aws/instanceTypes';
import {
  fitsAsSuccessor,
  isMigrationCandidate,
  successorCandidates,
  suggestNitroType,
  type TypeInfo,
} from '../../src/domain/instanceType';

const type = (name: string): TypeInfo =>
  toTypeInfo(
    (require(`../fixtures/instance-types/${name}.json`) as DescribeInstanceTypesCommandOutput)
      .InstanceTypes![0]!,
  );
const [t2, m4, m5, c5, m6g] = ['t2.micro', 'm4.large', 'm5.large', 'c5.large', 'm6g.large'].map(type) as [
  TypeInfo,
  TypeInfo,
  TypeInfo,
  TypeInfo,
  TypeInfo,
];

describe('Nitro successor suggestion', () => {
  it('reads the fixtures as AWS shapes them', () => {
    expect(m5).toMatchObject({
      hypervisor: 'nitro',
      ena: 'required',
      nvme: 'required',
      vcpus: 2,
      memoryMiB: 8192,
    });
    expect(t2).toMatchObject({ hypervisor: 'xen', ena: 'unsupported', architectures: ['i386', 'x86_64'] });
  });

  it('Xen types are candidates; Nitro types are not, whatever CurrentGeneration says', () => {
    expect([t2, m4, m5, c5, m6g].map(isMigrationCandidate)).toEqual([true, true, false, false, false]);
    // moto's bundled table marks m5 and c5 previous generation: still Nitro, still no candidate
    expect(isMigrationCandidate({ ...m5, currentGeneration: false })).toBe(false);
    expect(isMigrationCandidate({ ...t2, currentGeneration: true })).toBe(true);
  });

  it('proposes same-size types of the successor families', () => {
    expect(successorCandidates('t2.micro')).toEqual(['t3.micro', 't3a.micro']);
    expect(successorCandidates('m4.large')).toEqual(['m5.large', 'm5a.large', 'm6i.large', 'm7i.large']);
    expect(successorCandidates('m5.large')).toEqual([]);
  });

  it('verifies architecture, vCPUs and memory on DescribeInstanceTypes data', () => {
    expect(fitsAsSuccessor(m4, m5, 'x86_64')).toBe(true);
    expect(fitsAsSuccessor(m4, m6g, 'x86_64')).toBe(false);
    expect(fitsAsSuccessor(m4, c5, 'x86_64')).toBe(false);
    expect(suggestNitroType(m4, new Map([['m5.large', m5]]), 'x86_64')?.name).toBe('m5.large');
    const smaller = { ...m5, memoryMiB: 4096 };
    expect(suggestNitroType(m4, new Map([['m5.large', smaller]]), 'x86_64')).toBeUndefined();
    expect(suggestNitroType(m4, new Map(), 'x86_64')).toBeUndefined();
  });

  it('suggests only current-generation Nitro types, falling back along the family list', () => {
    const oldM5 = { ...m5, currentGeneration: false };
    const m5a = { ...m5, name: 'm5a.large' };
    expect(fitsAsSuccessor(m4, oldM5, 'x86_64')).toBe(false);
    const known = new Map([
      ['m5.large', oldM5],
      ['m5a.large', m5a],
    ]);
    expect(suggestNitroType(m4, known, 'x86_64')?.name).toBe('m5a.large');
    expect(
      suggestNitroType(m4, new Map([['m5.large', { ...m5, hypervisor: 'xen' }]]), 'x86_64'),
    ).toBeUndefined();
  });
});
