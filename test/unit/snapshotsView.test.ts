import { planRetention, type SnapshotRecord } from '../../src/domain/retention';
import type { RegionPlan, SnapshotPolicy } from '../../src/domain/snapshotPolicy';
import { runSummaryView, snapshotPlanView } from '../../src/views/snapshots';

const NOW = new Date('2026-11-21T12:00:00Z');
const POLICY: SnapshotPolicy = {
  create: true,
  dailyDays: 30,
  monthlyMonths: 7,
  schedule: '0 3 * * *',
  tz: 'Asia/Seoul',
  regions: ['us-east-1', 'eu-west-1', 'ap-northeast-2'],
};

/** A region with `n` volumes, each with 40 daily snapshots, labelled with hostile text. */
function region(name: string, n: number): RegionPlan {
  const snaps: SnapshotRecord[] = [];
  const labels: Record<string, string> = {};
  const toCreate: RegionPlan['toCreate'] = [];
  for (let v = 0; v < n; v++) {
    const volumeId = `vol-${name}-${String(v).padStart(4, '0')}`;
    labels[volumeId] = `<!channel> & <@U123> ${'x'.repeat(60)} /dev/xvda`;
    toCreate.push({ volumeId, instanceId: `i-${v}`, device: '/dev/xvda' });
    for (let k = 0; k < 40; k++) {
      snaps.push({
        id: `snap-${v}-${k}`,
        volumeId,
        startTime: new Date(NOW.getTime() - k * 86_400_000),
        managed: true,
      });
    }
  }
  return {
    region: name,
    toCreate,
    retention: planRetention(snaps, POLICY, NOW, POLICY.tz),
    volumeLabels: labels,
  };
}

const sectionTexts = (blocks: any[]): string[] =>
  blocks.flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text)]).filter(Boolean);

describe('snapshotPlanView', () => {
  it('stays within 50 blocks and 3,000 characters a section for a large fleet, and says what it left out', () => {
    const view = snapshotPlanView(
      'prod',
      POLICY,
      [region('us-east-1', 300), region('eu-west-1', 300), region('ap-northeast-2', 300)],
      NOW,
    );
    expect(view.blocks!.length).toBeLessThanOrEqual(50);
    for (const t of sectionTexts(view.blocks!)) expect(t.length).toBeLessThanOrEqual(3000);
    const all = JSON.stringify(view.blocks);
    expect(all).toContain('…and 275 more volumes (counted above)');
    // totals count every volume, not only the ones shown: 900 volumes, 10 to delete each
    expect(view.text).toContain('create 900 · keep 27900 (27000 daily, 900 monthly) · delete 8100');
  });

  it('escapes every label from AWS: no mention, channel ping or entity survives raw', () => {
    const view = snapshotPlanView('prod', POLICY, [region('us-east-1', 2)], NOW);
    const all = JSON.stringify(view.blocks);
    expect(all).not.toMatch(/<!channel>|<@U123>/);
    expect(all).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    expect(all).toContain('+6 more'); // 9 to delete per volume (days 30…38), 3 listed
  });

  it('shows a region that could not be read, by error name, and still the others', () => {
    const view = snapshotPlanView(
      'prod',
      POLICY,
      [
        region('us-east-1', 1),
        { region: 'eu-west-1', toCreate: [], volumeLabels: {}, error: 'UnauthorizedOperation' },
      ],
      NOW,
    );
    expect(view.text).toContain('1 region could not be read');
    expect(JSON.stringify(view.blocks)).toContain(
      ':x: *eu-west-1* — could not read this region (`UnauthorizedOperation`)',
    );
    expect(JSON.stringify(view.blocks)).toContain('*us-east-1* — create 1');
  });
});

describe('runSummaryView', () => {
  it('lists skipped and failed items up to a limit, escaped, with the ref', () => {
    const skipped = Array.from({ length: 40 }, (_, i) => ({
      id: `snap-${i}`,
      region: 'us-east-1',
      reason: 'in use by an AMI',
    }));
    const view = runSummaryView({
      account: 'prod',
      kind: 'scheduled',
      regions: ['us-east-1'],
      created: 3,
      deleted: 5,
      kept: 10,
      skipped,
      failed: [{ id: 'vol-<x>', region: 'us-east-1', reason: 'CreateSnapshot: IncorrectState' }],
      correlationId: 'abc123',
    });
    expect(view.text).toContain(
      ':warning: Snapshot retention for *prod* (scheduled) done: created 3 · deleted 5 · skipped 40 · failed 1 · kept 10',
    );
    const all = JSON.stringify(view.blocks);
    expect(all).toContain('…and 25 more');
    expect(all).toContain('vol-&lt;x&gt;');
    expect(all).toContain('ref abc123');
    expect(view.blocks!.length).toBeLessThanOrEqual(50);
  });
});
