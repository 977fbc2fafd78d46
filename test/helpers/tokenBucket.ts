/**
 * A token bucket in one process: `capacity` tokens, refilled at `refillPerSec`. EC2's side of the
 * throttling in tests and benchmarks (moto has none); the bot's own buckets are in Redis
 * (src/aws/pacing.ts), shared by every process.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly refillPerSec: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.last = this.now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.refillPerSec);
    this.last = t;
  }

  /** Takes a token if one is there (no waiting). */
  tryTake(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until a token is there (0 if now). */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.refillPerSec) * 1000);
  }

  /** Waits for a token, in arrival order. */
  take(): Promise<void> {
    const prev = this.queue;
    const mine = prev.then(async () => {
      for (;;) {
        if (this.tryTake()) return;
        await new Promise((r) => setTimeout(r, this.waitMs()));
      }
    });
    this.queue = mine.catch(() => {});
    return mine;
  }

  private queue: Promise<void> = Promise.resolve();
}
