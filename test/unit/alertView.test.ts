import type { Alert } from '../../src/domain/alert';
import { applySignal } from '../../src/domain/alert';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { CATALOG } from '../../src/ops/catalog';
import { alertView } from '../../src/views/alert';
import { instanceListView } from '../../src/views/alertThread';

const entity = (n: number) => ({
  entityKey: `arn|i-${String(n).padStart(17, '0')}`,
  entity: `i-${String(n).padStart(17, '0')}`,
  instanceId: `i-${String(n).padStart(17, '0')}`,
  region: 'us-east-1',
  state: 'open' as const,
  statusText: 'ALARM',
  at: '2026-08-27T17:04:40.989Z',
});

const alert = (n: number, over: Partial<Alert> = {}): Alert => ({
  id: 'aTESTALERT01',
  account: 'prod',
  accountId: '111111111111',
  channel: 'C0PROD',
  kind: 'status-check',
  type: 'StatusCheckFailed_System',
  urgent: true,
  createdAt: '2026-08-27T17:05:00Z',
  entities: Array.from({ length: n }, (_, i) => entity(i)),
  description: 'reason <!channel> & more',
  ...over,
});

describe('alertView', () => {
  it('mentions users and user groups while urgent, open and unacknowledged; escapes AWS text', () => {
    const v = alertView({
      alert: alert(1),
      marks: {},
      oncall: ['U0ONCALL', 'S0TEAM'],
      headInstances: 20,
      operations: CATALOG,
    });
    expect(v.text).toContain('<@U0ONCALL> <!subteam^S0TEAM>');
    const json = JSON.stringify(v.blocks);
    expect(json).toContain('reason &lt;!channel&gt; &amp; more');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('AWS host problem');
  });

  it('an acknowledged alert stops mentioning on-call, shows who acknowledged, drops the Acknowledge button', () => {
    const v = alertView({
      alert: alert(1),
      marks: { ack: { by: 'U0CAROL', at: '2026-08-27T17:10:00.000Z' } },
      oncall: ['U0ONCALL'],
      headInstances: 20,
      operations: CATALOG,
    });
    expect(v.text).not.toContain('<@U0ONCALL>');
    const json = JSON.stringify(v.blocks);
    expect(json).toContain(
      'Acknowledged by <@U0CAROL> at <!date^1787850600^{date_short_pretty} {time}|2026-08-27 17:10 UTC>',
    );
    expect(json).not.toContain('ec2.alert.ack');
  });

  it('lists the first N instances, says how many more, and the thread list holds them all in chunks', () => {
    const a = alert(1000);
    const v = alertView({ alert: a, marks: {}, oncall: [], headInstances: 20, operations: CATALOG });
    expect(v.text).toContain('+980 more in the thread');
    const lists = [0, 400, 800].map((from) => instanceListView(a, from, 400));
    expect(lists).toHaveLength(3);
    const all = lists.flatMap((m) => m.text.match(/i-\d{17}/g) ?? []);
    expect(new Set(all).size).toBe(1000);
    for (const m of lists) expect((m.blocks ?? []).length).toBeLessThanOrEqual(50);
  });
});

describe('applySignal', () => {
  const sig = (over: Partial<AlertSignal>): AlertSignal => ({
    accountId: '111111111111',
    region: 'us-east-1',
    kind: 'status-check',
    type: 'StatusCheckFailed_System',
    entity: entity(0).entity,
    instanceId: entity(0).instanceId,
    entityKey: entity(0).entityKey,
    dedupeKey: 'x',
    state: 'resolved',
    statusText: 'OK',
    urgent: false,
    at: '2026-08-27T17:12:40.100Z',
    ...over,
  });
  it('OK after ALARM resolves the entity; an older OK delivered late changes nothing', () => {
    const a = alert(1);
    expect(applySignal(a, sig({ at: '2026-08-27T17:00:00.000Z' }))).toBeUndefined();
    expect(applySignal(a, sig({}))).toMatchObject({
      from: 'ALARM',
      entity: { state: 'resolved', statusText: 'OK' },
    });
  });
});
