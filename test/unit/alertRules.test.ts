import type { Account } from '../../src/config/types';
import type { Alert } from '../../src/domain/alert';
import { muteOf, splitByDestination, teamOf } from '../../src/domain/alertRules';

const alert = (
  type: string,
  tags: (Record<string, string> | undefined)[],
  extra: Partial<Alert> = {},
): Alert => ({
  id: 'a1',
  account: 'prod',
  accountId: '111111111111',
  channel: 'C0PROD',
  kind: 'health',
  type,
  urgent: false,
  createdAt: '2026-12-01T00:00:00Z',
  entities: tags.map((t, n) => ({
    entityKey: `k${n}`,
    entity: `i-${n}`,
    instanceId: `i-${n}`,
    region: 'us-east-1',
    state: 'open',
    statusText: '',
    at: '2026-12-01T00:00:00Z',
    ...(t ? { facts: { tags: t } } : {}),
  })),
  ...extra,
});

const routing: Pick<Account, 'routing'> = {
  routing: { tag: 'team', teams: { payments: { channel: 'C0PAY', oncall: ['S0PAY'] } } },
};

describe('routing by tag, per instance', () => {
  it("an instance whose tag names a team: that team's channel and on-call", () => {
    const a = alert('X', [{ team: 'payments' }]);
    expect(teamOf(routing, a.entities[0]!)).toEqual({
      name: 'payments',
      channel: 'C0PAY',
      oncall: ['S0PAY'],
    });
  });

  it('an unknown team, an untagged or unlooked-up instance, or no routing: the account channel', () => {
    const [search, none, unknown] = alert('X', [{ team: 'search' }, {}, undefined]).entities;
    expect(teamOf(routing, search!)).toBeUndefined();
    expect(teamOf(routing, none!)).toBeUndefined();
    expect(teamOf(routing, unknown!)).toBeUndefined();
    expect(teamOf({}, alert('X', [{ team: 'payments' }]).entities[0]!)).toBeUndefined();
  });

  it('an alert over several teams splits: one destination per team, the rest to the account channel', () => {
    const a = alert('X', [{ team: 'payments' }, { team: 'search' }, { team: 'payments' }, undefined]);
    const { groups, muted } = splitByDestination({ ...routing, mutes: [] }, a, 'C0PROD');
    expect(muted).toEqual([]);
    expect(groups.map((g) => [g.channel, g.team?.name, g.entities.map((e) => e.entity)])).toEqual([
      ['C0PAY', 'payments', ['i-0', 'i-2']],
      ['C0PROD', undefined, ['i-1', 'i-3']],
    ]);
  });
});

describe('mutes, per instance', () => {
  const mutes = [{ event: 'REBOOT', tag: 'env=dev' }, { tag: 'mute=all' }, { event: 'NOISY' }];
  const first = (a: Alert) => muteOf({ mutes }, a, a.entities[0]!);

  it('matches event and tag together, tag alone, event alone', () => {
    expect(first(alert('REBOOT', [{ env: 'dev' }]))).toEqual(mutes[0]);
    expect(first(alert('OTHER', [{ env: 'dev' }]))).toBeUndefined();
    expect(first(alert('OTHER', [{ mute: 'all' }]))).toEqual(mutes[1]);
    expect(first(alert('NOISY', [undefined]))).toEqual(mutes[2]);
  });

  it('a tag rule needs the tags known; public events are never muted', () => {
    expect(first(alert('REBOOT', [undefined]))).toBeUndefined();
    expect(first(alert('NOISY', [{}], { public: true }))).toBeUndefined();
  });

  it('a muted instance is set apart; the others of the same alert still go out', () => {
    const a = alert('REBOOT', [{ env: 'dev' }, { env: 'prod' }, undefined]);
    const { groups, muted } = splitByDestination({ mutes }, a, 'C0PROD');
    expect(muted.map((m) => [m.entity.entity, m.rule])).toEqual([['i-0', mutes[0]]]);
    expect(groups.map((g) => g.entities.map((e) => e.entity))).toEqual([['i-1', 'i-2']]);
  });
});
