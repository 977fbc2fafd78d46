import { pollUntil } from '../../src/ops/wait';

describe('pollUntil', () => {
  const env = { ...process.env };
  afterEach(() => {
    process.env = { ...env };
  });

  it('says it is still waiting at each progress interval, then returns the value', async () => {
    process.env.OPS_POLL_MS = '10';
    process.env.OPS_PROGRESS_MS = '40';
    let reads = 0;
    const notes: string[] = [];
    const v = await pollUntil(
      'image',
      async () => (++reads >= 15 ? 'available' : 'pending'),
      (s) => s === 'available',
      { timeoutMs: 10_000, stillWaiting: (s, ms) => notes.push(`${s} ${ms >= 40}`) },
    );
    expect(v).toBe('available');
    expect(notes.length).toBeGreaterThanOrEqual(2);
    expect(notes.length).toBeLessThanOrEqual(5);
    expect(notes.every((n) => n === 'pending true')).toBe(true);
  });

  it('never calls stillWaiting when the first read is done', async () => {
    const notes: unknown[] = [];
    await pollUntil(
      'x',
      async () => 1,
      () => true,
      { timeoutMs: 1000, stillWaiting: () => notes.push(1) },
    );
    expect(notes).toEqual([]);
  });
});
