export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type Poll<T> = { done: true; value: T } | { done: false; failed?: string };

/**
 * Polls until `check` says done (value), failed (reason) or the bound passes. First check at once.
 * Returns `{ ok: false, reason }` instead of throwing so callers choose between abort and rollback.
 */
export async function waitUntil<T>(
  check: () => Promise<Poll<T>>,
  opts: WaitOptions,
  what: string,
): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const deadline = now() + opts.timeoutMs;
  for (;;) {
    const r = await check();
    if (r.done) return { ok: true, value: r.value };
    if (r.failed) return { ok: false, reason: r.failed };
    if (now() >= deadline)
      return { ok: false, reason: `${what}: not reached in ${Math.round(opts.timeoutMs / 1000)} s` };
    await sleep(opts.intervalMs);
  }
}
