import { hostname } from 'node:os';
import type { Redis } from './redis';

const EVERY_MS = 10_000;
const TTL_S = 30;

/** Worker liveness: each worker process refreshes a key every 10 s; /healthz lists the live ones. */
export function startHeartbeat(
  redis: Redis,
  prefix: string,
  queues: readonly string[],
): { stop(): Promise<void> } {
  const id = `${hostname()}:${process.pid}`;
  const key = `${prefix}:worker:${id}`;
  const beat = (): Promise<unknown> =>
    redis
      .set(key, JSON.stringify({ id, queues, at: new Date().toISOString() }), 'EX', TTL_S)
      .catch(() => undefined);
  void beat();
  const timer = setInterval(beat, EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await redis.del(key).catch(() => undefined);
    },
  };
}

export interface WorkerBeat {
  id: string;
  queues: string[];
  at: string;
}

export async function liveWorkers(redis: Redis, prefix: string): Promise<WorkerBeat[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:worker:*`, 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (!keys.length) return [];
  const values = await redis.mget(...keys);
  return values.filter((v): v is string => !!v).map((v) => JSON.parse(v) as WorkerBeat);
}
