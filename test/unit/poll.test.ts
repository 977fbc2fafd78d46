import { pollUntil } from '../../src/ops/poll';

describe('pollUntil', () => {
  it('says it is still waiting at each progress interval, then returns the value', async () => {
    let reads = 0;
    const notes: string[] = [];
    const v = await pollUntil(
      'image',
      async () => (++reads >= 15 ? 'available' : 'pending'),
      (s) => s === 'available',
      {
        timeoutMs: 10_000,
        intervalMs: 10,
        progressMs: 40,
        stillWaiting: (s, ms) => notes.push(`${s} ${ms >= 40}`),
      },
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
      { timeoutMs: 1000, intervalMs: 10, stillWaiting: () => notes.push(1) },
    );
    expect(notes).toEqual([]);
  });

  it('times out naming what it waited for, as a retryable error', async () => {
    await expect(
      pollUntil(
        'image ami-1 to be available',
        async () => 'pending',
        () => false,
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toMatchObject({
      code: 'AWS_UNAVAILABLE',
      userMessage: expect.stringContaining('image ami-1 to be available'),
    });
  });

  it('fails at once when `fail` says the value is final', async () => {
    let reads = 0;
    await expect(
      pollUntil(
        'x',
        async () => ++reads,
        () => false,
        {
          timeoutMs: 10_000,
          intervalMs: 5,
          fail: (n) =>
            n >= 3 ? new (require('../../src/errors/appError').AppError)('WRONG_STATE', 'gone') : undefined,
        },
      ),
    ).rejects.toMatchObject({ code: 'WRONG_STATE' });
    expect(reads).toBe(3);
  });
});
