import { buildAlert } from '../../src/alerts/buildAlert';
import type { AlertSignal } from '../../src/domain/alertSignal';

const target = { alias: 'prod', channel: 'C0PROD' };
const sig = (over: Partial<AlertSignal>): AlertSignal => ({
  accountId: '111111111111',
  region: 'us-east-1',
  kind: 'status-check',
  type: 'StatusCheckFailed_System',
  entity: 'i-0abc1234def567890',
  instanceId: 'i-0abc1234def567890',
  entityKey: 'alarm|i-0abc1234def567890',
  dedupeKey: 'x',
  state: 'open',
  statusText: 'ALARM',
  urgent: true,
  at: '2026-08-27T17:04:40.989Z',
  ...over,
});

describe('buildAlert (one aggregation window)', () => {
  it('ALARM then OK in the same window: one entity, resolved', () => {
    const ok = sig({ state: 'resolved', statusText: 'OK', urgent: false, at: '2026-08-27T17:04:45.000Z' });
    const a = buildAlert(target, '111111111111', [ok, sig({})], new Date());
    expect(a?.entities).toHaveLength(1);
    expect(a?.entities[0]).toMatchObject({ state: 'resolved', statusText: 'OK' });
    expect(a?.urgent).toBe(true);
  });

  it('only OK (its ALARM was never seen): no alert', () => {
    expect(
      buildAlert(target, '111111111111', [sig({ state: 'resolved', statusText: 'OK' })], new Date()),
    ).toBeUndefined();
  });

  it('the same entity twice in one window is listed once', () => {
    const a = buildAlert(
      target,
      '111111111111',
      [sig({}), sig({}), sig({ entityKey: 'alarm|i-2', entity: 'i-2' })],
      new Date(),
    );
    expect(a?.entities.map((e) => e.entity)).toEqual(['i-0abc1234def567890', 'i-2']);
  });
});
