import { AppError, ErrorCode } from '../errors';

/** Poll timing; tests and the benchmark shorten the interval through OPS_POLL_MS. */
export const pollIntervalMs = (): number => Number(process.env.OPS_POLL_MS || 5000);

/** How often a long wait says it is still waiting (OPS_PROGRESS_MS, default 2 min). */
export const progressIntervalMs = (): number => Number(process.env.OPS_PROGRESS_MS || 120_000);

/**
 * A bounded poll: checks at once, then every interval, until `done` says so or `timeoutMs` passes.
 * Timing out is retryable (the job resumes polling); `fail` turns a state into an unrecoverable error.
 */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  opts: {
    timeoutMs: number;
    fail?: (v: T) => AppError | undefined;
    /** Called every `progressIntervalMs()` while still waiting, with the last value and the time waited. */
    stillWaiting?: (v: T, waitedMs: number) => void;
  },
): Promise<T> {
  const start = Date.now();
  const end = start + opts.timeoutMs;
  let nextTick = start + progressIntervalMs();
  for (;;) {
    const v = await read();
    const failed = opts.fail?.(v);
    if (failed) throw failed;
    if (done(v)) return v;
    if (opts.stillWaiting && Date.now() >= nextTick) {
      opts.stillWaiting(v, Date.now() - start);
      nextTick = Date.now() + progressIntervalMs();
    }
    if (Date.now() >= end) {
      throw new AppError(
        ErrorCode.AwsUnavailable,
        `Waited ${Math.round(opts.timeoutMs / 60_000)} min for ${what}; it will be checked again.`,
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(pollIntervalMs(), Math.max(0, end - Date.now()))));
  }
}
