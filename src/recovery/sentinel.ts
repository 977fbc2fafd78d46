import { hostname } from 'node:os';
import type { Logger } from '../logger';
import type { Redis } from '../redis/client';
import { redisKeys } from '../redis/keys';

/** How a check ended: `kept` (the data is there), `fresh` (no sentinel at a process start), `lost`. */
export type SentinelState = 'kept' | 'fresh' | 'lost';

export interface SentinelRecord {
  /** When the sentinel was written: since then Redis has kept its data. */
  since: string;
  /** The server's run_id then (INFO server): a new one with the sentinel gone was a restart without persistence. */
  runId?: string;
  by: string;
}

const CHECK_EVERY_MS = 10_000;

/** The server's run_id (a new one each time redis-server starts); undefined where INFO is not answered. */
async function runIdOf(redis: Redis): Promise<string | undefined> {
  const info = await redis.info('server').catch(() => '');
  return /run_id:(\w+)/.exec(typeof info === 'string' ? info : '')?.[1];
}

/**
 * Knows when Redis forgot. A sentinel key is written at the first check of a process and read at every
 * reconnect (ioredis `ready`) and every 10 s: gone means a data loss — Redis restarted without
 * persistence (its run_id changed), failed over to an empty replica, or was flushed. The process that
 * writes the sentinel back (SET NX) is the one that acts on the loss: however many workers notice, the
 * recovery runs once. A first check that finds no sentinel is `fresh` (a first start looks the same as
 * a start after a loss; the recovery tells them apart by what it finds in AWS).
 */
export class DataLossWatch {
  private readonly key: string;
  private seen = false;
  private running?: Promise<SentinelState | undefined>;
  private timer?: NodeJS.Timeout;
  private readonly onReady = () => void this.check();

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly log: Logger,
    private readonly onLoss: (state: 'fresh' | 'lost', previous?: SentinelRecord) => void,
  ) {
    this.key = redisKeys(prefix).sentinel();
  }

  /** First check now, then on every reconnect and every 10 s. */
  start(everyMs = CHECK_EVERY_MS): Promise<SentinelState | undefined> {
    this.redis.on('ready', this.onReady);
    this.timer = setInterval(this.onReady, everyMs);
    this.timer.unref();
    return this.check();
  }

  stop(): void {
    this.redis.off('ready', this.onReady);
    if (this.timer) clearInterval(this.timer);
  }

  /** One check at a time; a failed read (Redis down) is no answer, the next ready event asks again. */
  check(): Promise<SentinelState | undefined> {
    this.running ??= this.read()
      .catch((err) => {
        this.log.debug({ err }, 'data-loss check: Redis not answering');
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private last?: SentinelRecord;

  private async read(): Promise<SentinelState | undefined> {
    const raw = await this.redis.get(this.key);
    const runId = await runIdOf(this.redis);
    if (raw) {
      const rec = JSON.parse(raw) as SentinelRecord;
      if (this.last?.runId && runId && this.last.runId !== runId)
        this.log.info({ runId }, 'Redis restarted and kept its data');
      this.last = { ...rec, runId: runId ?? rec.runId };
      this.seen = true;
      return 'kept';
    }
    const rec: SentinelRecord = {
      since: new Date().toISOString(),
      runId,
      by: `${hostname()}:${process.pid}`,
    };
    const won = await this.redis.set(this.key, JSON.stringify(rec), 'NX');
    const previous = this.last;
    const state = this.seen ? 'lost' : 'fresh';
    this.seen = true;
    this.last = rec;
    if (won !== 'OK') return state; // another process wrote it back first: that one recovers
    if (state === 'lost')
      this.log.error(
        { previousRunId: previous?.runId, runId, since: previous?.since },
        'Redis lost its data (sentinel gone): registering schedulers, sweeping in-flight operations, telling channels',
      );
    this.onLoss(state, previous);
    return state;
  }
}
