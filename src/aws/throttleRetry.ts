import { classifyAwsError } from './errors';

export interface ThrottleRetryOptions {
  /** Tries in all (the SDK's own retries happen inside each). */
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, waitMs: number, err: unknown) => void;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn`, retrying with full-jitter exponential backoff while AWS answers with a throttling error
 * (by name). Any other error, or a throttle after the last attempt, is thrown to the caller.
 * The client-side pacer keeps throttles rare; this is the safety net for a bucket shared with others.
 */
export async function withThrottleRetry<T>(
  fn: () => Promise<T>,
  opts: ThrottleRetryOptions = {},
): Promise<T> {
  const attempts = opts.attempts ?? 8;
  const base = opts.baseMs ?? 500;
  const max = opts.maxMs ?? 20_000;
  const sleep = opts.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (classifyAwsError(err) !== 'throttled' || attempt >= attempts) throw err;
      const wait = Math.round(Math.random() * Math.min(max, base * 2 ** (attempt - 1)));
      opts.onRetry?.(attempt, wait, err);
      await sleep(wait);
    }
  }
}
