import fc from 'fast-check';
import type { Account } from '../../src/config/types';
import type { InstanceInfo } from '../../src/domain/instance';
import { fanOut } from '../../src/query/fanout';
import { AUDIT_LINES_PER_GROUP, auditView } from '../../src/views/audit';
import {
  type EventRow,
  type EventsReport,
  eventsMessages,
  planEvents,
  plannedRows,
} from '../../src/views/events';
import { planPages, shownRows } from '../../src/views/pages';
import { consoleBlock } from '../../src/views/status';
import { anInstance } from '../helpers/instance';

const NOW = new Date('2026-11-21T12:00:00Z');

const row = (n: number, o: Partial<InstanceInfo> = {}, code = 'instance-stop'): EventRow => ({
  event: {
    account: 'prod',
    region: 'us-east-1',
    instanceId: `i-${String(n).padStart(8, '0')}`,
    code,
    notBefore: new Date(NOW.getTime() + (n + 1) * 3_600_000).toISOString(),
    sources: ['ec2'],
  },
  instance: anInstance({ id: `i-${String(n).padStart(8, '0')}`, ...o }),
  instanceStore: false,
});

const report = (rows: EventRow[], o: Partial<EventsReport> = {}): EventsReport => ({
  target: 'prod',
  checked: [{ account: 'prod', regions: ['us-east-1'] }],
  rows,
  notices: [],
  failures: [],
  healthUnavailable: [],
  now: NOW,
  ...o,
});

describe('planPages', () => {
  it('never exceeds 50 blocks or 5 pages, keeps rows in order, counts what it hides', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 60 }), { maxLength: 6 }),
        (head, groups) => {
          const { pages, hiddenRows } = planPages(head, groups);
          expect(pages.length).toBeLessThanOrEqual(5);
          pages.forEach((p, n) => {
            const blocks =
              (n === 0 ? head : 0) +
              p.reduce((s, part) => s + 1 + part.rows.reduce((a, r) => a + groups[part.group]![r]!, 0), 0);
            expect(blocks).toBeLessThanOrEqual(49);
            for (const part of p) expect(part.rows.length).toBeGreaterThan(0);
          });
          const shown = shownRows(pages);
          const flat = groups.flatMap((g, gi) => g.map((_, r) => [gi, r]));
          expect(shown).toEqual(flat.slice(0, shown.length));
          expect(shown.length + hiddenRows).toBe(flat.length);
        },
      ),
    );
  });
});

describe('eventsMessages', () => {
  it('escapes every AWS string: Name tags, descriptions, ASG names', () => {
    const r = row(1, {
      name: '<!channel> <https://evil|click>',
      autoScalingGroup: '<@U123>',
      publicIp: '1.2.3.4',
    });
    r.event.description = 'a & b <!here>';
    const rep = report([r]);
    const plan = planEvents(rep);
    const raw = JSON.stringify(eventsMessages(rep, plan, () => []));
    expect(raw).not.toMatch(/<!channel>|<!here>|<https:\/\/evil|<@U123>/);
    expect(raw).toContain('&lt;!channel&gt; &lt;https://evil|click&gt;');
    expect(raw).toContain('a &amp; b &lt;!here&gt;');
    expect(raw).toContain('&lt;@U123&gt;');
  });

  it('numbers buttons uniquely across the message and gives buttons only to planned rows', () => {
    const rows = Array.from({ length: 200 }, (_, n) => row(n, {}, n % 3 ? 'instance-stop' : 'system-reboot'));
    const rep = report(rows);
    const plan = planEvents(rep);
    const planned = plannedRows(plan);
    expect(planned.length + plan.hiddenRows).toBe(200);
    const msgs = eventsMessages(rep, plan, () => [{ label: 'Back up (AMI)', value: 'ref' }]);
    expect(msgs).toHaveLength(5);
    const ids = msgs.flatMap((m) =>
      (m.blocks ?? [])
        .filter((b) => b.type === 'actions')
        .flatMap((b: any) => b.elements.map((e: any) => e.action_id)),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(planned.length);
    for (const m of msgs) expect(m.blocks!.length).toBeLessThanOrEqual(50);
    const tail = msgs[4]!.blocks!.at(-1) as any;
    expect(tail.elements[0].text).toBe(
      `${plan.hiddenRows} more events not shown — narrow it: \`/ec2 events <account> <region>\`.`,
    );
  });

  it('with no events but a part missing, never says "no events" as a fact: names what was missing', () => {
    const rep = report([], {
      failures: [
        { account: 'prod', region: 'eu-west-1', part: 'EC2', kind: 'timeout', errorName: 'ScanTimeout' },
      ],
      healthUnavailable: ['prod'],
    });
    const [m] = eventsMessages(rep, planEvents(rep), () => []);
    const text = JSON.stringify(m);
    expect(m!.text).toBe(
      'No scheduled events in the part that answered of prod (us-east-1) — 1 part of the scan did not answer: results are partial.',
    );
    expect(text).toContain('*prod/eu-west-1* EC2: no answer in time');
    expect(text).toContain('AWS Health was not available for prod');
  });
});

describe('consoleBlock', () => {
  it('cannot be broken out of: backticks neutralised, markup escaped, within one section', () => {
    const long = ['x'.repeat(5000), ...Array.from({ length: 40 }, () => '<'.repeat(140))];
    const out = consoleBlock([...long, '```', '<!channel>']);
    expect(out.match(/```/g)).toHaveLength(2);
    expect(out).toContain("'''");
    expect(out.length).toBeLessThanOrEqual(3000);
    expect(out).not.toContain('<!channel>');
    expect(out).toContain('&lt;!channel&gt;\n```');
  });
});

describe('auditView', () => {
  it('lists at most 15 lines a group and counts the rest', () => {
    const instances = Array.from({ length: 40 }, (_, n) => ({
      id: `i-${n}`,
      region: 'us-east-1',
      type: 'm5.large',
      hasElasticIp: false,
      securityGroupIds: [],
      publicIp: `203.0.113.${n}`,
    }));
    const view = auditView(
      'prod',
      [{ account: 'prod', regions: ['us-east-1'] }],
      40,
      {
        openGroups: [],
        publicWithoutEip: instances,
        unencryptedRoots: [],
        legacyTypes: [],
        unknownTypes: [],
      },
      [],
    );
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Public IP without an Elastic IP (the IP changes on stop + start)* — 40');
    expect(text.match(/203\.0\.113\./g)).toHaveLength(AUDIT_LINES_PER_GROUP);
    expect(text).toContain(`…and ${40 - AUDIT_LINES_PER_GROUP} more`);
  });
});

describe('headline counts while part of the scan failed', () => {
  const failure = {
    account: 'prod',
    region: 'eu-west-1',
    part: 'audit',
    kind: 'timeout',
    errorName: 'ScanTimeout',
  } as const;
  const empty = {
    openGroups: [],
    publicWithoutEip: [],
    unencryptedRoots: [],
    legacyTypes: [],
    unknownTypes: [],
  };
  it('audit: "no findings" is about the instances that answered, and says the results are partial', () => {
    const checked = [{ account: 'prod', regions: ['us-east-1', 'eu-west-1'] }];
    expect(auditView('prod', checked, 3, empty, []).text).toBe(
      'Audit — prod: no findings on 3 instances (checked prod (us-east-1, eu-west-1)).',
    );
    expect(auditView('prod', checked, 3, empty, [failure]).text).toBe(
      'Audit — prod: no findings on 3 instances that answered (checked prod (us-east-1; eu-west-1 not searched: no answer) — 1 part of the scan did not answer: results are partial).',
    );
  });
});

describe('fanOut', () => {
  const acct = (alias: string) => ({ alias }) as Account;
  it('keeps results of the units that answered and names the ones that did not', async () => {
    const units = [
      { account: acct('a'), region: 'r1' },
      { account: acct('a'), region: 'r2' },
      { account: acct('b'), region: 'r1' },
    ];
    const { results, failures } = await fanOut(
      units,
      'EC2',
      async (u) => {
        if (u.region === 'r2') throw Object.assign(new Error('x'), { name: 'UnauthorizedOperation' });
        if (u.account.alias === 'b') await new Promise((r) => setTimeout(r, 200));
        return u.region;
      },
      { timeoutMs: 50 },
    );
    expect(results.map((r) => `${r.unit.account.alias}/${r.value}`)).toEqual(['a/r1']);
    expect(failures).toEqual([
      { account: 'a', region: 'r2', part: 'EC2', kind: 'access-denied', errorName: 'UnauthorizedOperation' },
      { account: 'b', region: 'r1', part: 'EC2', kind: 'timeout', errorName: 'ScanTimeout' },
    ]);
  });
  it('runs units at once, not one after another', async () => {
    const units = Array.from({ length: 20 }, (_, n) => ({ account: acct('a'), region: `r${n}` }));
    const t0 = Date.now();
    await fanOut(units, 'EC2', () => new Promise((r) => setTimeout(r, 100)));
    expect(Date.now() - t0).toBeLessThan(600);
  });
});
