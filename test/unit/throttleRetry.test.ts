import { withThrottleRetry } from '../../src/aws/throttleRetry';

const awsError = (name: string) =>
  Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: 400 } });
const noSleep = async () => {};

describe('withThrottleRetry', () => {
  it('retries throttle-named errors with growing waits and returns the answer', async () => {
    let calls = 0;
    const waits: number[] = [];
    const out = await withThrottleRetry(
      async () => {
        calls += 1;
        if (calls < 4) throw awsError(calls % 2 ? 'RequestLimitExceeded' : 'Throttling');
        return 'ok';
      },
      { sleep: noSleep, baseMs: 100, onRetry: (_a, ms) => waits.push(ms) },
    );
    expect(out).toBe('ok');
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
    for (const [i, w] of waits.entries()) expect(w).toBeLessThanOrEqual(100 * 2 ** i);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      withThrottleRetry(
        async () => {
          calls += 1;
          throw awsError('UnauthorizedOperation');
        },
        { sleep: noSleep },
      ),
    ).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt and throws the throttle', async () => {
    let calls = 0;
    await expect(
      withThrottleRetry(
        async () => {
          calls += 1;
          throw awsError('RequestLimitExceeded');
        },
        { sleep: noSleep, attempts: 5 },
      ),
    ).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
    expect(calls).toBe(5);
  });
});
