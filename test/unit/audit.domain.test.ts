import { auditFindings, legacyReason, type SecurityGroupInfo, worldOpenings } from '../../src/domain/audit';

const sg = (rules: SecurityGroupInfo['rules']): SecurityGroupInfo => ({
  id: 'sg-1',
  region: 'us-east-1',
  rules,
});

describe('worldOpenings', () => {
  it('finds 22 and 3389 open to 0.0.0.0/0 or ::/0, inside port ranges too', () => {
    expect(worldOpenings(sg([{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }]))).toEqual([
      '22',
    ]);
    expect(worldOpenings(sg([{ protocol: 'tcp', fromPort: 20, toPort: 4000, cidrs: ['::/0'] }]))).toEqual([
      '22',
      '3389',
    ]);
    expect(worldOpenings(sg([{ protocol: '-1', cidrs: ['0.0.0.0/0'] }]))).toEqual(['all ports']);
    expect(
      worldOpenings(sg([{ protocol: 'tcp', fromPort: 0, toPort: 65535, cidrs: ['0.0.0.0/0'] }])),
    ).toEqual(['all ports']);
  });
  it('ignores private ranges, other ports and UDP', () => {
    expect(worldOpenings(sg([{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['10.0.0.0/8'] }]))).toEqual(
      [],
    );
    expect(
      worldOpenings(sg([{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['0.0.0.0/0'] }])),
    ).toEqual([]);
    expect(worldOpenings(sg([{ protocol: 'udp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }]))).toEqual(
      [],
    );
  });
});

describe('legacyReason', () => {
  it('decides Xen by Hypervisor alone, never by CurrentGeneration', () => {
    expect(legacyReason({ hypervisor: 'xen', currentGeneration: false, instanceStore: false })).toBe(
      'Xen hypervisor',
    );
    expect(legacyReason({ hypervisor: 'xen', currentGeneration: true, instanceStore: false })).toBe(
      'Xen hypervisor',
    );
    // m5 as moto's bundled table describes it: Nitro, CurrentGeneration false. Not a candidate.
    expect(
      legacyReason({ hypervisor: 'nitro', currentGeneration: false, instanceStore: false }),
    ).toBeUndefined();
    // bare metal has no hypervisor; an unknown type is not judged
    expect(legacyReason({ currentGeneration: false, instanceStore: false })).toBeUndefined();
    expect(legacyReason(undefined)).toBeUndefined();
  });
});

describe('auditFindings', () => {
  it('lists only open groups attached to instances, public IPs without EIP, unencrypted roots', () => {
    const i = {
      id: 'i-1',
      region: 'us-east-1',
      type: 'm5.large',
      hasElasticIp: false,
      securityGroupIds: ['sg-1'],
    };
    const report = auditFindings({
      instances: [
        { ...i, publicIp: '203.0.113.1', rootVolumeId: 'vol-1' },
        {
          ...i,
          id: 'i-2',
          publicIp: '203.0.113.2',
          hasElasticIp: true,
          securityGroupIds: [],
          rootVolumeId: 'vol-2',
        },
      ],
      groups: [
        sg([{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }]),
        { ...sg([{ protocol: '-1', cidrs: ['0.0.0.0/0'] }]), id: 'sg-unused' },
      ],
      unencryptedVolumeIds: new Set(['vol-1']),
      typeFacts: new Map(),
    });
    expect(report.openGroups.map((g) => [g.group.id, g.instances.map((x) => x.id)])).toEqual([
      ['sg-1', ['i-1']],
    ]);
    expect(report.publicWithoutEip.map((x) => x.id)).toEqual(['i-1']);
    expect(report.unencryptedRoots.map((x) => x.id)).toEqual(['i-1']);
    expect(report.legacyTypes).toEqual([]);
    // m5.large was not described (empty typeFacts): its hypervisor is unknown, said rather than guessed
    expect(report.unknownTypes).toEqual(['m5.large']);
  });
});
