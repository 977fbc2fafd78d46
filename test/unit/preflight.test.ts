import type { DescribeInstanceTypesCommandOutput } from '@aws-sdk/client-ec2';
import { toTypeInfo } from '../../src/aws/instanceTypes';
import type { InstanceInfo } from '../../src/domain/instance';
import type { TypeInfo } from '../../src/domain/instanceType';
import { HIBERNATED, type PreflightInput, preflight } from '../../src/domain/preflight';
import { anInstance } from '../helpers/instance';

/** DescribeInstanceTypes answers in AWS's shape (test/fixtures/instance-types/*.json). */
const type = (name: string): TypeInfo => {
  const out = require(`../fixtures/instance-types/${name}.json`) as DescribeInstanceTypesCommandOutput;
  return toTypeInfo(out.InstanceTypes![0]!);
};
const T = {
  t2: type('t2.micro'),
  m4: type('m4.large'),
  m5: type('m5.large'),
  c5: type('c5.large'),
  m6g: type('m6g.large'),
};

const instance = (o: Partial<InstanceInfo> = {}): InstanceInfo =>
  anInstance({
    name: 'web-1',
    type: 't2.micro',
    architecture: 'x86_64',
    virtualizationType: 'hvm',
    rootDeviceName: '/dev/xvda',
    volumes: [{ device: '/dev/xvda', volumeId: 'vol-0123456789abcdef0' }],
    imageId: 'ami-0abc',
    ...o,
  });

const input = (o: Partial<PreflightInput> = {}, i: Partial<InstanceInfo> = {}): PreflightInput => {
  const inst = instance(i);
  return {
    instance: inst,
    enaSupport: true,
    image: {
      id: 'ami-0abc',
      virtualizationType: 'hvm',
      creationDate: '2023-05-02T10:00:00.000Z',
      architecture: 'x86_64',
    },
    current: [T.t2, T.m4, T.m5, T.c5, T.m6g].find((t) => t.name === inst.type),
    targetName: 'm5.large',
    target: T.m5,
    ...o,
  };
};
const texts = (pf: ReturnType<typeof preflight>, status: string) =>
  pf.items.filter((c) => c.status === status).map((c) => c.text);

describe('preflight over recorded DescribeInstanceTypes data', () => {
  it('t2 → m5 with ENA on and a recent AMI: ready, NVMe warned, Xen → Nitro noted', () => {
    const pf = preflight(input());
    expect(pf.verdict).toBe('ready');
    expect(pf.enableEna).toBe(false);
    expect(pf.xenToNitro).toBe(true);
    expect(texts(pf, 'pass')).toContain('ENA already on');
    expect(texts(pf, 'warn').join()).toMatch(
      /NVMe driver must be in the initramfs.*UUID or label.*nvme_core.io_timeout/,
    );
    expect(texts(pf, 'block')).toEqual([]);
  });

  it('m4 → m5 with enaSupport off: the job turns ENA on, the OS needs the driver', () => {
    const pf = preflight(input({ enaSupport: false }, { type: 'm4.large' }));
    expect(pf.enableEna).toBe(true);
    expect(pf.verdict).toBe('needs-os-checks');
    expect(texts(pf, 'warn').join()).toContain('m5.large requires ENA and enaSupport is off');
  });

  it('ENA off does not matter for a Xen target (t2 → m4: ENA supported, not required)', () => {
    const pf = preflight(input({ enaSupport: false, targetName: 'm4.large', target: T.m4 }));
    expect(pf.enableEna).toBe(false);
    expect(pf.xenToNitro).toBe(false);
    expect(texts(pf, 'warn').join()).not.toContain('NVMe');
  });

  it('blocks x86_64 → arm64 (m6g) and a legacy-BIOS instance on a UEFI-only type', () => {
    const pf = preflight(input({ targetName: 'm6g.large', target: T.m6g }, { bootMode: 'legacy-bios' }));
    expect(pf.verdict).toBe('blocked');
    expect(texts(pf, 'block')).toEqual([
      'architecture x86_64 does not run on m6g.large (arm64)',
      'boot mode legacy-bios not supported by m6g.large (uefi)',
    ]);
  });

  it('blocks a UEFI AMI on a legacy-BIOS-only Xen type (m5 → m4)', () => {
    const pf = preflight(
      input(
        {
          targetName: 'm4.large',
          target: T.m4,
          image: { id: 'ami-1', bootMode: 'uefi', virtualizationType: 'hvm' },
        },
        { type: 'm5.large' },
      ),
    );
    expect(texts(pf, 'block')).toEqual(['boot mode uefi not supported by m4.large (legacy-bios)']);
  });

  it('blocks a paravirtual AMI on an HVM-only type', () => {
    const pf = preflight(
      input({
        image: { id: 'ami-pv', virtualizationType: 'paravirtual', creationDate: '2016-01-01T00:00:00Z' },
      }),
    );
    expect(texts(pf, 'block')[0]).toMatch(/^paravirtual \(PV\) AMI: m5.large runs HVM only/);
  });

  it('blocks a type the region lacks, an instance-store root, a hibernated instance and the same type', () => {
    expect(texts(preflight(input({ targetName: 'm5.huge', target: undefined })), 'block')).toEqual([
      'instance type m5.huge does not exist in us-east-1',
    ]);
    expect(texts(preflight(input({}, { rootDeviceType: 'instance-store' })), 'block').join()).toContain(
      'instance-store root',
    );
    const hib = preflight(input({ stateReason: HIBERNATED }, { state: 'stopped' }));
    expect(texts(hib, 'block').join()).toContain('instance is hibernated');
    expect(texts(preflight(input({}, { type: 'm5.large' })), 'block')).toContain(
      'the instance is already m5.large',
    );
  });

  it('warns with what to check: old AMI, Windows, lost public IP, ASG, Spot, hibernation not supported', () => {
    const noHib = { ...T.m5, hibernation: false };
    const pf = preflight(
      input(
        {
          target: noHib,
          image: {
            id: 'ami-old',
            virtualizationType: 'hvm',
            creationDate: '2017-03-01T00:00:00Z',
            platform: 'windows',
          },
        },
        {
          publicIp: '203.0.113.7',
          autoScalingGroup: 'web-asg',
          spot: true,
          hibernationConfigured: true,
          platform: 'Windows',
        },
      ),
    );
    const w = texts(pf, 'warn').join('\n');
    expect(w).toContain('AMI ami-old is from 2017-03-01 (before August 2018)');
    expect(w).toContain('Windows: install the current AWS PV, ENA and NVMe drivers');
    expect(w).toContain('public IPv4 203.0.113.7 is released (no Elastic IP)');
    expect(w).toContain('Auto Scaling group web-asg');
    expect(w).toContain('Spot instance');
    expect(w).toContain('hibernation is configured but m5.large does not support hibernation');
    expect(pf.verdict).toBe('needs-os-checks');
  });

  it('no public-IP warning with an Elastic IP; instance-store types warn that data is lost', () => {
    const pf = preflight(
      input(
        { target: { ...T.c5, instanceStorage: true }, targetName: 'c5.large' },
        { publicIp: '203.0.113.7', hasElasticIp: true },
      ),
    );
    const w = texts(pf, 'warn').join('\n');
    expect(w).not.toContain('public IP');
    expect(w).toContain('instance-store volumes (of the current or the new type): their data is lost');
    expect(w).toContain('nofail');
  });
});
