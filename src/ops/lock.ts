import { personToken } from '../domain/mentions';
import { dateToken } from '../domain/time';
import type { Redis } from '../redis/client';
import { redisKeys } from '../redis/keys';

export interface LockHolder {
  op: string;
  /** What people call the running operation (its button's words, src/config/operations.ts). */
  label?: string;
  user: string;
  startedAt: string;
  jobId: string;
}

/** A refusal's words for a held instance: what runs, by whom, since when (tokens: src/views/text.ts). */
export const busyText = (h: LockHolder): string =>
  `${h.label ?? h.op} by ${personToken(h.user)} is running on it (started ${dateToken(new Date(h.startedAt))})`;

export type LockResult = { ok: true } | { ok: false; holder: LockHolder };

/**
 * One operation per instance at a time (docs/architecture.md §5). The lock is owned by a job id: the same job
 * re-acquiring after a crash or retry gets it back; anyone else is told who holds it.
 */
export class InstanceLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  key(account: string, region: string, instanceId: string): string {
    return redisKeys(this.prefix).lock(account, region, instanceId);
  }

  async acquire(
    account: string,
    region: string,
    instanceId: string,
    holder: LockHolder,
    ttlSeconds = 3 * 3600,
  ): Promise<LockResult> {
    const key = this.key(account, region, instanceId);
    const set = await this.redis.set(key, JSON.stringify(holder), 'EX', ttlSeconds, 'NX');
    if (set === 'OK') return { ok: true };
    const raw = await this.redis.get(key);
    if (!raw) return this.acquire(account, region, instanceId, holder, ttlSeconds);
    const current = JSON.parse(raw) as LockHolder;
    if (current.jobId === holder.jobId) {
      await this.redis.expire(key, ttlSeconds);
      return { ok: true };
    }
    return { ok: false, holder: current };
  }

  /** Releases only if `jobId` still holds it (atomic compare-and-delete). */
  async release(account: string, region: string, instanceId: string, jobId: string): Promise<boolean> {
    const n = await this.redis.eval(
      `local v = redis.call('GET', KEYS[1]); if v and cjson.decode(v).jobId == ARGV[1] then return redis.call('DEL', KEYS[1]) end; return 0`,
      1,
      this.key(account, region, instanceId),
      jobId,
    );
    return n === 1;
  }

  async holder(account: string, region: string, instanceId: string): Promise<LockHolder | undefined> {
    const raw = await this.redis.get(this.key(account, region, instanceId));
    return raw ? (JSON.parse(raw) as LockHolder) : undefined;
  }
}
