import type { InstanceInfo } from '../../src/domain/instance';
import { summarize } from '../../src/domain/nitro';
import { nitroView } from '../../src/views/nitro';
import { resizeOutcomeView, resizePlanView } from '../../src/views/resize';
import { anInstance } from '../helpers/instance';

const inst = (n: number, name: string): InstanceInfo =>
  anInstance({ id: `i-${String(n).padStart(17, '0')}`, name, type: 't2.micro' });

describe('resize and nitro views', () => {
  it('escapes AWS text in the plan (an ASG name cannot ping a channel)', () => {
    const m = resizePlanView({
      title: 'Resize <!channel> (i-0abc) in prod/us-east-1: t2.micro → m5.large',
      steps: ['stop'],
      warnings: ['member of Auto Scaling group <!channel>'],
      blockers: [],
      checklist: [{ status: 'warn', text: 'member of Auto Scaling group <!channel>' }],
    });
    // mrkdwn text is escaped; the header is plain_text, which Slack never parses for mentions.
    const mrkdwn = m.blocks!.flatMap((b: any) => (b.text?.type === 'mrkdwn' ? [b.text.text] : []));
    expect([m.text, ...mrkdwn].join('\n')).not.toContain('<!channel>');
    expect(m.text).toContain('&lt;!channel&gt;');
  });

  it('the outcome names the AMI to restore from when the rollback failed', () => {
    const m = resizeOutcomeView({
      kind: 'rollback-failed',
      account: 'prod',
      region: 'us-east-1',
      instanceId: 'i-0123456789abcdef0',
      beforeType: 't2.micro',
      targetType: 't3.micro',
      amiId: 'ami-0feed',
      elapsedMs: 125_000,
      requester: 'U0ALICE',
      failure: 'start: AWS answered InsufficientInstanceCapacity',
      rollbackFailure: 'rollback start: AWS answered InsufficientInstanceCapacity',
    });
    expect(m.text).toContain('Restore from the backup AMI `ami-0feed`');
    expect(m.text).toContain('What failed: start: AWS answered InsufficientInstanceCapacity');
  });

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
    const m = nitroView('prod', summarize(rows), new Map(), [
      'prod/eu-west-1: could not scan (UnauthorizedOperation)',
    ]);
    expect(m.text).toContain(
      '1 instance on the Xen hypervisor in the parts of prod that answered (1 could not be scanned, named below — results are partial)',
    );
    expect(m.text).toContain(':x: prod/eu-west-1: could not scan (UnauthorizedOperation)');
  });
});
