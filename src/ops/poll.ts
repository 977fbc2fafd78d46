import { AppError, ErrorCode } from '../errors/appError';

export interface PollOptions<T> {
  timeoutMs: number;
  /** Between reads (deps.tuning.pollMs: tests and the benchmark shorten it). */
  intervalMs: number;
  /** How often `stillWaiting` is called (deps.tuning.progressMs). */
  progressMs?: number;
  /** Turns a value into a failure a wait cannot fix (the instance went `terminated`). */
  fail?: (v: T) => AppError | undefined;
  /** Called every `progressMs` while still waiting, with the last value and the time waited. */
  stillWaiting?: (v: T, waitedMs: number) => void;
}

/**
 * The one poller: reads at once, then every interval, until `done` says so or `timeoutMs` passes.
 * Timing out is retryable (the job resumes polling) and names what it waited for; `fail` turns a value
 * into an unrecoverable error.
 */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  opts: PollOptions<T>,
): Promise<T> {
  const start = Date.now();
  const end = start + opts.timeoutMs;
  const every = opts.progressMs ?? 120_000;
  let nextTick = start + every;
  for (;;) {
    const v = await read();
    const failed = opts.fail?.(v);
    if (failed) throw failed;
    if (done(v)) return v;
    if (opts.stillWaiting && Date.now() >= nextTick) {
      opts.stillWaiting(v, Date.now() - start);
      nextTick = Date.now() + every;
    }
    if (Date.now() >= end) {
      throw new AppError(
        ErrorCode.AwsUnavailable,
        `Waited ${Math.round(opts.timeoutMs / 60_000)} min for ${what}; it will be checked again.`,
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(opts.intervalMs, Math.max(0, end - Date.now()))));
  }
}
