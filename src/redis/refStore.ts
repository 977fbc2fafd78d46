import { randomBytes } from 'node:crypto';
import type { Redis } from './client';
import { redisKeys } from './keys';

/**
 * Opaque button references. A button's value is only a random id; what it stands for lives in Redis
 * and is re-validated when the button is pressed (a button value is never trusted).
 */
export class RefStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return redisKeys(this.prefix).ref(id);
  }

  async put(payload: object, ttlSeconds = 7 * 24 * 3600): Promise<string> {
    const id = randomBytes(12).toString('base64url');
    await this.redis.set(this.key(id), JSON.stringify(payload), 'EX', ttlSeconds);
    return id;
  }

  async get<T>(id: string): Promise<T | undefined> {
    if (!/^[\w-]{8,64}$/.test(id)) return undefined;
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as T) : undefined;
  }
}
