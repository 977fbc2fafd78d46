import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { classifySlackError, slackBackoffMs, withSlackRetry } from '../../src/slack/slackRetry';

// The errors @slack/web-api 8 itself throws (its own classes, built as WebClient builds them).
const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });
const http = (statusCode: number) => new WebAPIHTTPError(statusCode, 'status', {});

describe('classifySlackError (by error class, never by message)', () => {
  it.each([
    [platform('internal_error'), 'transient'],
    [platform('service_unavailable'), 'transient'],
    [platform('channel_not_found'), 'refused'],
    [platform('invalid_blocks'), 'refused'],
    [http(503), 'transient'],
    [http(404), 'refused'],
    [new WebAPIRequestError(new Error('ECONNRESET')), 'transient'],
    [new WebAPIRateLimitedError(3), 'rate-limited'],
    [new TypeError('cannot read'), 'not-slack'],
  ])('%#: %s', (err, kind) => {
    expect(classifySlackError(err).kind).toBe(kind);
  });
});

describe('withSlackRetry', () => {
  /** A clock that advances only when the retry sleeps: the deadline logic without real waiting. */
  const clock = () => {
    let t = 0;
    return {
      now: () => t,
      sleep: async (ms: number) => {
        t += ms;
      },
    };
  };

  it('waits out a transient outage and returns the answer; counts each retry', async () => {
    const c = clock();
    let calls = 0;
    const retries: string[] = [];
    const out = await withSlackRetry(
      'chat.postMessage',
      async () => {
        calls += 1;
        if (c.now() < 20_000) throw platform('internal_error');
        return 'posted';
      },
      { deadlineMs: 600_000, ...c, hooks: { onRetry: (_m, e) => retries.push(e) } },
    );
    expect(out).toBe('posted');
    expect(calls).toBe(retries.length + 1);
    expect(retries.every((e) => e === 'internal_error')).toBe(true);
    expect(c.now()).toBeGreaterThanOrEqual(20_000);
    expect(c.now()).toBeLessThan(20_000 + 10_000 * 1.2 + 1);
  });

  it('gives up at the deadline and says so; a refusal or a bug is thrown at once', async () => {
    const c = clock();
    const gaveUp: string[] = [];
    await expect(
      withSlackRetry('chat.update', async () => Promise.reject(http(500)), {
        deadlineMs: 60_000,
        ...c,
        hooks: { onGiveUp: (m, e) => gaveUp.push(`${m} ${e}`) },
      }),
    ).rejects.toMatchObject({ statusCode: 500 });
    expect(gaveUp).toEqual(['chat.update http_500']);
    expect(c.now()).toBeLessThanOrEqual(60_000);
    let n = 0;
    await expect(
      withSlackRetry(
        'x',
        async () => {
          n += 1;
          throw platform('channel_not_found');
        },
        { deadlineMs: 60_000, ...clock() },
      ),
    ).rejects.toThrow('channel_not_found');
    await expect(
      withSlackRetry(
        'x',
        async () => {
          n += 1;
          throw new TypeError('bug');
        },
        { deadlineMs: 60_000, ...clock() },
      ),
    ).rejects.toThrow('bug');
    expect(n).toBe(2);
  });

  it('backs off 1 s, 2 s, 4 s … up to 10 s, with jitter', () => {
    expect([0, 1, 2, 3, 4, 10].map((a) => slackBackoffMs(a, () => 0.5))).toEqual([
      1000, 2000, 4000, 8000, 10000, 10000,
    ]);
    expect(slackBackoffMs(0, () => 0)).toBe(800);
    expect(slackBackoffMs(0, () => 1)).toBe(1200);
  });
});
