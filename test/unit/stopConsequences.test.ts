import { factsOf } from '../../src/alerts/instanceFacts';
import { alertConfirmFacts } from '../../src/domain/alertActions';
import { confirmOf, opConfirm, stopConfirm } from '../../src/domain/opConfirm';
import { stopConsequences } from '../../src/domain/stopConsequences';
import { CATALOG } from '../../src/ops/catalog';
import { ipChangeLine } from '../../src/ops/ipChange';
import { HIBERNATED, hibernate } from '../../src/ops/operations/hibernate';
import type { RunResult } from '../../src/ops/spec';
import { anInstance } from '../helpers/instance';

const storeNoEip = anInstance({ name: 'cache-1', type: 'm5d.large', publicIp: '54.0.0.9' });
const ebsWithEip = anInstance({ name: 'web-1', type: 'm5.large', publicIp: '3.3.3.3', hasElasticIp: true });

describe('stopConsequences: only what applies to this instance', () => {
  it('instance-store type without an Elastic IP: blank volumes (fstab nofail) and the IP named', () => {
    const c = stopConsequences(storeNoEip, { instanceStore: true, stopProtection: false }, 'stop-start');
    expect(c.blockers).toEqual([]);
    expect(c.warnings).toHaveLength(2);
    expect(c.warnings[0]).toMatch(
      /m5d\.large has instance-store volumes: their data is lost and they come back blank/,
    );
    expect(c.warnings[0]).toContain('nofail');
    expect(c.warnings[1]).toContain('public IPv4 54.0.0.9 is released (no Elastic IP)');
  });

  it('EBS-only type with an Elastic IP: nothing to warn about', () => {
    const c = stopConsequences(ebsWithEip, { instanceStore: false, stopProtection: false }, 'stop-start');
    expect(c).toEqual({ warnings: [], blockers: [] });
  });

  it('one-time Spot is blocked; persistent Spot is a warning naming type and AZ', () => {
    const spot = anInstance({ spot: true, az: 'us-east-1b', type: 'c5.large' });
    expect(stopConsequences(spot, { spotType: 'one-time' }, 'stop').blockers[0]).toMatch(
      /^one-time Spot instance: EC2 cannot stop it/,
    );
    const p = stopConsequences(spot, { spotType: 'persistent' }, 'stop');
    expect(p.blockers).toEqual([]);
    expect(p.warnings[0]).toContain('Spot capacity for c5.large is available in us-east-1b');
  });

  it('stop protection blocks and says how to lift it', () => {
    const c = stopConsequences(ebsWithEip, { stopProtection: true }, 'stop');
    expect(c.blockers).toEqual([
      expect.stringContaining(
        'aws ec2 modify-instance-attribute --instance-id i-0123456789abcdef0 --no-disable-api-stop',
      ),
    ]);
  });

  it('Auto Scaling member: a warning with enter-standby for a stop, a blocker for hibernation', () => {
    const asg = anInstance({ autoScalingGroup: 'web-asg' });
    expect(stopConsequences(asg, {}, 'stop').warnings[0]).toContain(
      'aws autoscaling enter-standby --instance-ids i-0123456789abcdef0 --auto-scaling-group-name web-asg',
    );
    expect(stopConsequences(asg, {}, 'hibernate').blockers[0]).toMatch(/cannot hibernate/);
  });

  it('hibernation: RAM over 150 GB, a root volume too small for RAM + OS, an unencrypted root', () => {
    const big = stopConsequences(
      anInstance({ type: 'r5.8xlarge' }),
      { memoryMiB: 256 * 1024, rootVolume: { sizeGiB: 500, encrypted: true } },
      'hibernate',
    );
    expect(big.blockers).toEqual(['r5.8xlarge has 256 GiB of RAM: hibernation is limited to 150 GB of RAM']);
    const small = stopConsequences(
      anInstance({ type: 'm5.xlarge' }),
      { memoryMiB: 16 * 1024, rootVolume: { sizeGiB: 8, encrypted: false } },
      'hibernate',
    );
    expect(small.blockers).toEqual([
      'the root volume is not encrypted: hibernation needs an encrypted root volume',
      'the root volume (8 GiB) cannot hold the 16 GiB RAM image plus the OS (needs at least 18 GiB): grow the volume first',
    ]);
    const fits = stopConsequences(
      anInstance({ type: 'm5.xlarge' }),
      { memoryMiB: 16 * 1024, rootVolume: { sizeGiB: 30, encrypted: true } },
      'hibernate',
    );
    expect(fits.blockers).toEqual([]);
    expect(fits.warnings[0]).toContain('16 GiB');
  });
});

describe('confirm texts', () => {
  it('name the instance-specific consequences, and no generic ones where none apply', () => {
    expect(stopConfirm(storeNoEip, { instanceStore: true }, 'stop-start')).toBe(
      'Stop and start cache-1 (i-0123456789abcdef0): instance-store data is lost; the volumes come back blank (fstab needs nofail); public IPv4 54.0.0.9 changes (no Elastic IP).',
    );
    const quiet = stopConfirm(ebsWithEip, { instanceStore: false }, 'stop-start');
    expect(quiet).not.toMatch(/instance-store data is lost|changes \(no Elastic IP\)/);
    expect(quiet).toContain('no instance store, its Elastic IP stays');
  });

  it('reboot says in place or reboot migration; backup says it does not reboot; reschedule gets none', () => {
    expect(opConfirm(CATALOG.reboot, ebsWithEip, ebsWithEip.id, undefined)?.text).toMatch(/in place/);
    expect(
      opConfirm(CATALOG.reboot, ebsWithEip, ebsWithEip.id, undefined, { rebootMigration: true })?.text,
    ).toMatch(/reboot migration.*event stays/);
    expect(opConfirm(CATALOG.reschedule, ebsWithEip, ebsWithEip.id, undefined)).toBeUndefined();
    expect(opConfirm(CATALOG.backup, ebsWithEip, ebsWithEip.id, undefined)).toEqual({
      title: 'Back up?',
      text: 'Create an AMI of web-1 (i-0123456789abcdef0) without rebooting it (crash-consistent).',
      button: 'Back up',
      danger: false,
    });
  });

  it('an alert button says what a status or events button says for the same instance (one text per operation)', () => {
    for (const [i, store] of [
      [storeNoEip, true],
      [ebsWithEip, false],
      [anInstance({ spot: true, spotType: 'persistent' }), false],
    ] as const) {
      const entity = {
        entityKey: `arn|${i.id}`,
        entity: i.id,
        instanceId: i.id,
        region: 'us-east-1',
        state: 'open' as const,
        statusText: 'ALARM',
        at: '2026-08-27T17:04:40.989Z',
        facts: factsOf(i, store),
      };
      for (const op of ['recover', 'reboot', 'start', 'backup'] as const) {
        const row = opConfirm(CATALOG[op], i, i.id, { instanceStore: store, spotType: i.spotType });
        expect(confirmOf(CATALOG[op], alertConfirmFacts(entity), CATALOG[op].label)).toEqual(row);
      }
    }
    const recover = opConfirm(CATALOG.recover, storeNoEip, storeNoEip.id, { instanceStore: true });
    expect(recover?.text).toContain('instance-store data is lost');
    expect(recover?.danger).toBe(true);
    expect(opConfirm(CATALOG.start, storeNoEip, storeNoEip.id, undefined)?.danger).toBe(false);
  });

  it('an instance the bot could not read: the dialog says so, and what a stop + start may cost', () => {
    const unread = {
      entityKey: 'x',
      entity: 'i-0abc',
      instanceId: 'i-0abc',
      region: 'us-east-1',
      state: 'open' as const,
      statusText: 'ALARM',
      at: '',
    };
    expect(confirmOf(CATALOG.recover, alertConfirmFacts(unread), 'Recover')?.text).toBe(
      'Stop and start i-0abc: the bot could not read it — a public IPv4 without an Elastic IP changes and instance-store volumes come back blank.',
    );
    expect(confirmOf(CATALOG.start, alertConfirmFacts(unread), 'Start')?.text).toBe(
      'Start i-0abc: it gets a new public IPv4 unless an Elastic IP is attached.',
    );
  });
});

describe('finished messages', () => {
  /** A finished run of a parameter-free operation (hibernate's summary, the IP line of any). */
  type Done = RunResult<Record<string, never>>;
  const result = (outputs: Record<string, unknown>): Done =>
    ({ outcome: 'done', data: { params: {} }, outputs }) as unknown as Done;

  it('public IPv4 old → new, released, or unchanged', () => {
    expect(ipChangeLine(result({ beforeIp: '1.1.1.1', afterIp: '2.2.2.2' }))).toBe(
      'Public IPv4 changed: 1.1.1.1 → 2.2.2.2 — update DNS records and allow-lists that name the old one.',
    );
    expect(ipChangeLine(result({ beforeIp: '1.1.1.1', afterIp: '1.1.1.1', afterEip: true }))).toBe(
      'Public IPv4 unchanged: 1.1.1.1 (Elastic IP).',
    );
    expect(ipChangeLine(result({ beforeIp: '1.1.1.1', beforeEip: false }), { stoppedOnly: true })).toMatch(
      /^Public IPv4 1\.1\.1\.1 was released/,
    );
    expect(ipChangeLine(result({ beforeIp: '', afterIp: '' }))).toBe('');
  });

  it('hibernate says when hibernation fell back to a normal shutdown', () => {
    expect(hibernate.summary(result({ stateReason: HIBERNATED }))).toMatch(/^hibernated/);
    expect(hibernate.summary(result({ stateReason: 'Client.UserInitiatedShutdown' }))).toMatch(
      /fell back to a normal shutdown.*RAM was \*not\* saved/,
    );
  });
});
