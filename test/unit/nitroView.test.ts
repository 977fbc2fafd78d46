import type { InstanceInfo } from '../../src/domain/instance';
import { summarize } from '../../src/domain/nitro';
import { nitroView } from '../../src/views/nitro';
import { anInstance } from '../helpers/instance';

const inst = (n: number, name: string): InstanceInfo =>
  anInstance({ id: `i-${String(n).padStart(17, '0')}`, name, type: 't2.micro' });

describe('nitro view', () => {
  it('nitro: a button per ready instance, names escaped, within 50 blocks for a big fleet', () => {
    const rows = Array.from({ length: 80 }, (_, n) => ({
      instance: inst(n, n === 0 ? '<!channel>' : `web-${n}`),
      suggested: 't3.micro',
      verdict: 'ready' as const,
      reasons: [],
    }));
    const refs = new Map(rows.map((r, n) => [r.instance.id, `ref${n}xxxxxxxx`]));
    const m = nitroView('prod', summarize(rows), refs);
    expect(m.blocks!.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(m)).not.toContain('<!channel>');
    const ids = m.blocks!.flatMap((b: any) => (b.accessory ? [b.accessory.action_id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('ec2.op#0');
    expect(m.text).toContain('80 instances on the Xen hypervisor in prod: 80 ready');
  });

  it('nitro: the headline never states a count as the whole fleet while a region failed', () => {
    const rows = [
      { instance: inst(1, 'web-1'), suggested: 't3.micro', verdict: 'ready' as const, reasons: [] },
    ];
    const checked = [{ account: 'prod', regions: ['us-east-1', 'eu-west-1'] }];
    const failures = [
      {
        account: 'prod',
        region: 'eu-west-1',
        part: 'Nitro readiness',
        kind: 'access-denied' as const,
        errorName: 'UnauthorizedOperation',
      },
    ];
    const m = nitroView('prod', summarize(rows), new Map(), { checked, failures });
    expect(m.text).toContain(
      '1 instance on the Xen hypervisor in prod (us-east-1; eu-west-1 not searched: refused) — 1 part of the scan did not answer: results are partial',
    );
    expect(JSON.stringify(m)).toContain('*prod/eu-west-1* Nitro readiness: access denied');
  });
});
