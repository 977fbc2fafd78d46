import { hostname } from 'node:os';
import type { Redis } from './client';
import { redisKeys } from './keys';

const EVERY_MS = 10_000;
const STALE_MS = 30_000;
/** A field this old belongs to a process that died without saying so: it goes. */
const DEAD_MS = 10 * 60_000;

/**
 * Worker liveness: each worker process refreshes its field of one hash every 10 s; /healthz lists the
 * fields written within 30 s. One key, so reading it needs no SCAN (which in a cluster sees one shard).
 */
export function startHeartbeat(
  redis: Redis,
  prefix: string,
  queues: readonly string[],
): { stop(): Promise<void> } {
  const id = `${hostname()}:${process.pid}`;
  const key = redisKeys(prefix).workers();
  const beat = (): Promise<unknown> =>
    redis.hset(key, id, JSON.stringify({ id, queues, at: new Date().toISOString() })).catch(() => undefined);
  void beat();
  const timer = setInterval(beat, EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await redis.hdel(key, id).catch(() => undefined);
    },
  };
}

export interface WorkerBeat {
  id: string;
  queues: string[];
  at: string;
}

/** Workers seen in the last 30 s; fields of workers gone for 10 minutes are dropped. */
export async function liveWorkers(redis: Redis, prefix: string, now = Date.now()): Promise<WorkerBeat[]> {
  const key = redisKeys(prefix).workers();
  const beats = Object.values(await redis.hgetall(key)).map((v) => JSON.parse(v) as WorkerBeat);
  const dead = beats.filter((b) => now - Date.parse(b.at) > DEAD_MS);
  if (dead.length) await redis.hdel(key, ...dead.map((b) => b.id));
  return beats.filter((b) => now - Date.parse(b.at) <= STALE_MS);
}
