import type { Logger } from '../logger';
import type { Redis } from './client';
import { redisKeys } from './keys';

export interface AuditEntry {
  /** request | decision | step | aws-call | refused | alert | ... */
  kind: string;
  actor: string;
  action: string;
  account?: string;
  region?: string;
  instanceId?: string;
  result: string;
  correlationId?: string;
  detail?: Record<string, unknown>;
}

/** Audit trail: a capped Redis stream plus the log (issue 4). Never holds tokens or credentials. */
export class AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly maxLen = 100_000,
  ) {}

  get key(): string {
    return redisKeys(this.prefix).audit();
  }

  async record(e: AuditEntry): Promise<void> {
    const fields: string[] = [];
    for (const [k, v] of Object.entries(e)) {
      if (v !== undefined) fields.push(k, typeof v === 'string' ? v : JSON.stringify(v));
    }
    this.log.info({ audit: e }, `audit ${e.kind} ${e.action} ${e.result}`);
    await this.redis.xadd(this.key, 'MAXLEN', '~', String(this.maxLen), '*', ...fields);
  }

  /** Newest first. */
  async recent(count = 50): Promise<(AuditEntry & { id: string; at: string })[]> {
    const rows = await this.redis.xrevrange(this.key, '+', '-', 'COUNT', count);
    return rows.map(([id, flat]) => {
      const o: Record<string, string> = {};
      for (let i = 0; i < flat.length; i += 2) o[flat[i] ?? ''] = flat[i + 1] ?? '';
      const at = new Date(Number(id.split('-')[0])).toISOString();
      return { ...(o as unknown as AuditEntry), detail: o.detail ? JSON.parse(o.detail) : undefined, id, at };
    });
  }
}
