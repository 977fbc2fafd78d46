import type { Account } from '../../src/config/types';
import type { Alert } from '../../src/domain/alert';
import { muteOf, teamOf } from '../../src/domain/alertRules';

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

describe('routing by tag', () => {
  it('one team for every instance: its channel and on-call', () => {
    expect(teamOf(routing, alert('X', [{ team: 'payments' }, { team: 'payments' }]))).toEqual({
      name: 'payments',
      channel: 'C0PAY',
      oncall: ['S0PAY'],
    });
  });

  it('mixed teams, an unknown team, an untagged or unlooked-up instance, or no routing: the account channel', () => {
    expect(teamOf(routing, alert('X', [{ team: 'payments' }, { team: 'search' }]))).toBeUndefined();
    expect(teamOf(routing, alert('X', [{ team: 'search' }]))).toBeUndefined();
    expect(teamOf(routing, alert('X', [{ team: 'constructor' }]))).toBeUndefined();
    expect(teamOf(routing, alert('X', [{ team: 'payments' }, {}]))).toBeUndefined();
    expect(teamOf(routing, alert('X', [{ team: 'payments' }, undefined]))).toBeUndefined();
    expect(teamOf({}, alert('X', [{ team: 'payments' }]))).toBeUndefined();
  });
});

describe('mutes', () => {
  const mutes = [{ event: 'REBOOT', tag: 'env=dev' }, { tag: 'mute=all' }, { event: 'NOISY' }];

  it('matches event and tag together, tag alone, event alone', () => {
    expect(muteOf({ mutes }, alert('REBOOT', [{ env: 'dev' }]))).toEqual(mutes[0]);
    expect(muteOf({ mutes }, alert('OTHER', [{ env: 'dev' }]))).toBeUndefined();
    expect(muteOf({ mutes }, alert('OTHER', [{ mute: 'all' }, { mute: 'all' }]))).toEqual(mutes[1]);
    expect(muteOf({ mutes }, alert('NOISY', [undefined]))).toEqual(mutes[2]);
  });

  it('a tag rule needs every instance to match and its tags known; public events are never muted', () => {
    expect(muteOf({ mutes }, alert('REBOOT', [{ env: 'dev' }, { env: 'prod' }]))).toBeUndefined();
    expect(muteOf({ mutes }, alert('REBOOT', [{ env: 'dev' }, undefined]))).toBeUndefined();
    expect(muteOf({ mutes }, alert('REBOOT', []))).toBeUndefined();
    expect(muteOf({ mutes }, alert('NOISY', [{}], { public: true }))).toBeUndefined();
  });
});
