import { auditFindings, legacyReason, type SecurityGroupInfo, worldOpenings } from '../../src/domain/audit';
import { checkKind, failingChecks, type InstanceChecks, lastLines } from '../../src/domain/statusChecks';

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
  it('flags Xen and previous generation, not Nitro current generation', () => {
    expect(
      legacyReason('m4.large', { hypervisor: 'xen', currentGeneration: false, instanceStore: false }),
    ).toBe('Xen hypervisor');
    expect(legacyReason('m3.medium', undefined)).toBe('previous generation');
    expect(
      legacyReason('x9.large', { hypervisor: 'nitro', currentGeneration: false, instanceStore: false }),
    ).toBe('previous generation');
    expect(
      legacyReason('m5.large', { hypervisor: 'nitro', currentGeneration: true, instanceStore: false }),
    ).toBeUndefined();
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
  });
});

describe('status checks', () => {
  const c = (system: string, instance: string): InstanceChecks => ({
    account: 'prod',
    region: 'us-east-1',
    instanceId: 'i-1',
    state: 'running',
    system,
    instance,
  });
  it('fails on impaired or insufficient-data; a system failure is the host’s even if the OS fails too', () => {
    expect(
      failingChecks([c('ok', 'ok'), c('initializing', 'ok'), c('ok', 'insufficient-data')]),
    ).toHaveLength(1);
    expect(checkKind(c('impaired', 'impaired'))).toBe('system');
    expect(checkKind(c('ok', 'impaired'))).toBe('instance');
  });
  it('keeps the last lines of a console log without CRs or trailing blanks', () => {
    const text = `${Array.from({ length: 25 }, (_, n) => `l${n}`).join('\r\n')}\r\n\r\n`;
    const out = lastLines(text, 20);
    expect(out).toHaveLength(20);
    expect(out[0]).toBe('l5');
    expect(out.at(-1)).toBe('l24');
  });
});
