import { onlyTagFilter, toOwnedSnapshot } from '../../src/aws/snapshots';

const ACCOUNT = '111111111111';
const base = {
  SnapshotId: 'snap-1',
  VolumeId: 'vol-1',
  OwnerId: ACCOUNT,
  StartTime: new Date('2026-06-01T00:00:00Z'),
  State: 'completed' as const,
  Tags: [{ Key: 'managed-by', Value: 'ec2-ops-bot' }],
};

describe('toOwnedSnapshot', () => {
  it('is managed only with the exact tag, the account as owner and a start time', () => {
    expect(toOwnedSnapshot(base, ACCOUNT).managed).toBe(true);
    expect(toOwnedSnapshot({ ...base, OwnerId: '999999999999' }, ACCOUNT).managed).toBe(false);
    expect(
      toOwnedSnapshot({ ...base, Tags: [{ Key: 'managed-by', Value: 'someone-else' }] }, ACCOUNT).managed,
    ).toBe(false);
    expect(
      toOwnedSnapshot({ ...base, Tags: [{ Key: 'Managed-By', Value: 'ec2-ops-bot' }] }, ACCOUNT).managed,
    ).toBe(false);
    expect(toOwnedSnapshot({ ...base, StartTime: undefined }, ACCOUNT).managed).toBe(false);
  });

  it("groups a copied snapshot (vol-ffffffff) under the volume the bot's tag names", () => {
    const copy = {
      ...base,
      VolumeId: 'vol-ffffffff',
      Tags: [...base.Tags, { Key: 'ec2bot:volume-id', Value: 'vol-real' }],
    };
    expect(toOwnedSnapshot(copy, ACCOUNT).volumeId).toBe('vol-real');
    // a foreign snapshot's tags do not choose its volume
    const foreign = { ...copy, Tags: [{ Key: 'ec2bot:volume-id', Value: 'vol-real' }] };
    expect(toOwnedSnapshot(foreign, ACCOUNT).volumeId).toBe('vol-ffffffff');
  });
});

describe('onlyTagFilter', () => {
  it('turns Key into a tag-key filter and Key=Value into a tag filter (value may contain =)', () => {
    expect(onlyTagFilter('backup')).toEqual({ Name: 'tag-key', Values: ['backup'] });
    expect(onlyTagFilter('backup=daily')).toEqual({ Name: 'tag:backup', Values: ['daily'] });
    expect(onlyTagFilter('k=a=b')).toEqual({ Name: 'tag:k', Values: ['a=b'] });
  });
});
