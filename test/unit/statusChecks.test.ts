import {
  autoRecoveryOf,
  checkActions,
  checkAdvice,
  checkKind,
  failingChecks,
  type InstanceChecks,
  lastLines,
  noDataChecks,
  type VolumeHealth,
  volumeAdvice,
} from '../../src/domain/statusChecks';
import { anInstance } from '../helpers/instance';

const c = (system: string, instance: string, ebs = 'ok'): InstanceChecks => ({
  account: 'prod',
  region: 'us-east-1',
  instanceId: 'i-0123456789abcdef0',
  state: 'running',
  system,
  instance,
  ebs,
});
const vol = (o: Partial<VolumeHealth>): VolumeHealth => ({
  volumeId: 'vol-1',
  device: '/dev/xvda',
  status: 'ok',
  events: [],
  actions: [],
  ...o,
});

describe('the three checks', () => {
  it('fails only on impaired; insufficient-data is no data yet, never a failure', () => {
    const all = [
      c('ok', 'ok'),
      c('initializing', 'ok'),
      c('ok', 'insufficient-data'),
      c('ok', 'ok', 'impaired'),
    ];
    expect(failingChecks(all)).toEqual([all[3]]);
    expect(noDataChecks(all)).toEqual([all[2]]);
    expect(noDataChecks([c('insufficient-data', 'impaired')])).toEqual([]);
  });
  it('decides the row by the host first, then attached EBS, then the OS', () => {
    expect(checkKind(c('impaired', 'impaired', 'impaired'))).toBe('system');
    expect(checkKind(c('ok', 'impaired', 'impaired'))).toBe('ebs');
    expect(checkKind(c('ok', 'impaired'))).toBe('instance');
  });
  it('gives Recover for a host failure of an EBS-backed instance, Reboot for the OS, none for EBS or no data', () => {
    const i = anInstance();
    expect(checkActions(c('impaired', 'ok'), i)).toEqual([{ label: 'Recover', op: 'recover' }]);
    expect(checkActions(c('impaired', 'ok'), anInstance({ rootDeviceType: 'instance-store' }))).toEqual([]);
    expect(checkActions(c('ok', 'impaired'), i)).toEqual([{ label: 'Reboot', op: 'reboot' }]);
    expect(checkActions(c('ok', 'ok', 'impaired'), i)).toEqual([]);
    expect(checkActions(c('insufficient-data', 'insufficient-data'), i)).toEqual([]);
  });
});

describe('simplified automatic recovery', () => {
  it('is on by default for a supported type, and says AWS keeps the public IP a stop/start would change', () => {
    const i = anInstance({ publicIp: '203.0.113.9', maintenance: { autoRecovery: 'default' } });
    expect(autoRecoveryOf(i, true).on).toBe(true);
    const advice = checkAdvice(c('impaired', 'ok'), i, { autoRecovery: true });
    expect(advice[0]).toContain('AWS recovers it by itself');
    expect(advice[0]).toContain('keeps its public IP');
    expect(advice[1]).toBe(
      'if it does not come back: Recover (stop + start) moves it, but: public IP 203.0.113.9 changes (no Elastic IP)',
    );
  });
  it('says AWS’s own recovery does not keep instance-store data either', () => {
    const i = anInstance({ maintenance: { autoRecovery: 'default' } });
    const [line] = checkAdvice(c('impaired', 'ok'), i, { autoRecovery: true, instanceStore: true });
    expect(line).toContain('keeps its public IP; its instance-store data does not survive the move');
  });
  it('names why it does not apply to this instance', () => {
    const why = (o: Parameters<typeof anInstance>[0], supports?: boolean) =>
      autoRecoveryOf(anInstance(o), supports);
    expect(why({ maintenance: { autoRecovery: 'disabled' } }, true)).toEqual({
      on: false,
      why: 'simplified automatic recovery is disabled on this instance',
    });
    expect(why({ type: 'i3.large' }, false).why).toBe(
      'i3.large does not support simplified automatic recovery',
    );
    expect(why({ tenancy: 'host' }, true).why).toBe('it runs on a Dedicated Host');
    expect(why({ spot: true }, true).why).toContain('Spot instance');
    expect(why({}, undefined).on).toBeUndefined();
    const spot = anInstance({ spot: true, spotType: 'persistent' });
    const advice = checkAdvice(c('impaired', 'ok'), spot, { autoRecovery: true });
    expect(advice[0]).toMatch(/^AWS will not recover it by itself: it is a Spot instance/);
    expect(advice[1]).toContain('Spot instance: capacity may not come back after a stop');
    expect(checkActions(c('impaired', 'ok'), spot)).toEqual([{ label: 'Recover', op: 'recover' }]);
    // One-time Spot cannot be stopped, and an unread request type is not assumed stoppable: no Recover.
    const oneTime = anInstance({ spot: true, spotType: 'one-time' });
    expect(checkAdvice(c('impaired', 'ok'), oneTime, {})[1]).toContain(
      'one-time Spot instance cannot be stopped',
    );
    expect(checkActions(c('impaired', 'ok'), oneTime)).toEqual([]);
    expect(checkActions(c('impaired', 'ok'), anInstance({ spot: true }))).toEqual([]);
  });
});

describe('attached EBS', () => {
  it('advises on the impaired volume: enable I/O after a consistency check, autoEnableIO with care', () => {
    const v = vol({ status: 'impaired', ioEnabled: 'failed', actions: ['enable-volume-io'] });
    const [line] = checkAdvice(c('ok', 'ok', 'impaired'), anInstance(), {}, [v]);
    expect(line).toMatch(/^vol-1 \(\/dev\/xvda\) impaired: EBS disabled its I\/O/);
    expect(line).toContain('enable I/O (EnableVolumeIO), then check the file system (fsck / chkdsk)');
    expect(line).toContain('autoEnableIO');
    expect(volumeAdvice(vol({ status: 'warning' }))).toContain('replace it from its latest snapshot');
    expect(volumeAdvice(vol({}))).toContain('stop and start the instance');
  });
  it('says when the volumes’ own status could not be read', () => {
    expect(checkAdvice(c('ok', 'ok', 'impaired'), anInstance(), {})).toEqual([
      'the attached volumes’ own status could not be read (DescribeVolumeStatus failed)',
    ]);
  });
});

it('keeps the last lines of a console log without CRs or trailing blanks', () => {
  const text = `${Array.from({ length: 25 }, (_, n) => `l${n}`).join('\r\n')}\r\n\r\n`;
  const out = lastLines(text, 20);
  expect(out).toHaveLength(20);
  expect(out[0]).toBe('l5');
  expect(out.at(-1)).toBe('l24');
});
