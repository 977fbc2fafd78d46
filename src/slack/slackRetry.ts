import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';

/**
 * One retry policy for everything the bot says in Slack (chat.* and response_url): a Slack outage is
 * waited out with backoff, up to a deadline long enough for a real one, instead of losing the message.
 */

/** Slack answers these with HTTP 200 `{ok:false}` when the fault is on its side: worth another try. */
const TRANSIENT_PLATFORM = new Set([
  'internal_error',
  'service_unavailable',
  'fatal_error',
  'request_timeout',
  'ratelimited',
]);

export type SlackFailure =
  | { kind: 'rate-limited'; error: string; retryAfterMs: number }
  | { kind: 'transient'; error: string }
  | { kind: 'refused'; error: string }
  | { kind: 'not-slack'; error: string };

/**
 * What kind of failure a @slack/web-api error is, by @slack/web-api 8's error classes (never the
 * message): a 429 is WebAPIRateLimitedError with `retryAfter` seconds, Slack's `ok: false` is
 * WebAPIPlatformError with `data.error`, a non-2xx answer WebAPIHTTPError, a network fault
 * WebAPIRequestError. Anything else is not Slack's.
 */
export function classifySlackError(err: unknown): SlackFailure {
  if (err instanceof WebAPIRateLimitedError)
    return { kind: 'rate-limited', error: 'ratelimited', retryAfterMs: Math.max(1, err.retryAfter) * 1000 };
  if (err instanceof WebAPIRequestError) return { kind: 'transient', error: 'request_error' };
  if (err instanceof WebAPIHTTPError) {
    const status = err.statusCode;
    return status >= 500
      ? { kind: 'transient', error: `http_${status}` }
      : { kind: 'refused', error: `http_${status}` };
  }
  if (err instanceof WebAPIPlatformError) {
    const code = err.data.error ?? 'unknown';
    return TRANSIENT_PLATFORM.has(code)
      ? { kind: 'transient', error: code }
      : { kind: 'refused', error: code };
  }
  return { kind: 'not-slack', error: (err as { name?: string } | undefined)?.name ?? 'Error' };
}

/** Slack answered and did not do it (`ok: false`, or a 429): the request reached Slack and was not acted on. */
export const slackAnsweredNo = (err: unknown): boolean =>
  err instanceof WebAPIPlatformError || err instanceof WebAPIRateLimitedError;

/** How long a message keeps being retried through an outage (EC2BOT_SLACK_DEADLINE_MS, default 10 min). */
export function slackDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.EC2BOT_SLACK_DEADLINE_MS);
  return env.EC2BOT_SLACK_DEADLINE_MS && Number.isFinite(n) && n >= 0 ? n : 10 * 60_000;
}

/** 1 s, 2 s, 4 s … capped at 10 s, ±20 % jitter so many waiting senders do not return at once. */
export function slackBackoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface SlackRetryHooks {
  /** A transient failure: about to wait `waitMs` and try again. */
  onRetry?(method: string, error: string, waitMs: number): void;
  /** Still failing at the deadline (or refused): the caller gets the error. */
  onGiveUp?(method: string, error: string): void;
}

export interface RetryOptions {
  deadlineMs: number;
  hooks?: SlackRetryHooks;
  classify?: (err: unknown) => SlackFailure;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Runs `call` until it succeeds, Slack refuses it for good, or the deadline passes. Transient failures
 * and 429s wait (backoff / Retry-After); errors that are not Slack's are thrown at once (a bug does
 * not get better by waiting).
 */
export async function withSlackRetry<T>(
  method: string,
  call: () => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  const classify = opts.classify ?? classifySlackError;
  // unref: a message waiting out an outage does not keep a stopping process alive
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
  const now = opts.now ?? Date.now;
  const end = now() + opts.deadlineMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const f = classify(err);
      if (f.kind === 'refused' || f.kind === 'not-slack') throw err;
      const wait = f.kind === 'rate-limited' ? f.retryAfterMs : slackBackoffMs(attempt);
      if (now() + wait > end) {
        opts.hooks?.onGiveUp?.(method, f.error);
        throw err;
      }
      opts.hooks?.onRetry?.(method, f.error, wait);
      await sleep(wait);
    }
  }
}
