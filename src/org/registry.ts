import type { Account, Config } from '../config/types';
import type { OrgProblem } from '../domain/orgAccounts';
import type { Logger } from '../logger';
import type { Redis } from '../redis/client';
import { redisKeys } from '../redis/keys';

/** What the last refresh found: the discovered accounts, what was wrong, and when. Kept in Redis. */
export interface OrgSnapshot {
  refreshedAt: string;
  accounts: Account[];
  /** Every active member's id (configured ones too): whose Health the organizational view covers. */
  memberIds: string[];
  problems: OrgProblem[];
  /** The refresh itself failed (organization role refused, Organizations unreachable): the last good list stays. */
  error?: { at: string; message: string };
}

/** How often a process re-reads the version key at most (a command and a job each ask). */
const SYNC_EVERY_MS = 1000;

/**
 * The accounts discovered from AWS Organizations, shared by every process through Redis. The refresh
 * job publishes a snapshot (data + version in one MULTI); web and worker processes `sync()` — one GET
 * of the version, at most once a second — and, when it moved, merge the snapshot into
 * `config.accounts` in place: discovered entries are added or replaced, vanished ones removed,
 * configured ones never touched.
 */
export class AccountRegistry {
  private version = '';
  private checkedAt = 0;
  private snapshot?: OrgSnapshot;
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly config: Config,
    private readonly clock: () => number = Date.now,
  ) {
    this.keys = redisKeys(prefix).orgRegistry();
  }

  /** The latest snapshot this process has seen (undefined before the first refresh). */
  get last(): OrgSnapshot | undefined {
    return this.snapshot;
  }

  /** Re-reads the registry if another process published a newer one. Cheap; no-op without `organization:`. */
  async sync(force = false): Promise<void> {
    if (!this.config.organization) return;
    const now = this.clock();
    if (!force && now - this.checkedAt < SYNC_EVERY_MS) return;
    this.checkedAt = now;
    const version = (await this.redis.get(this.keys.version)) ?? '';
    if (version === this.version) return;
    const raw = await this.redis.get(this.keys.data);
    this.version = version;
    if (raw) this.apply(JSON.parse(raw) as OrgSnapshot);
  }

  /**
   * `sync()` where a request or job is about to read the accounts: best effort — a Redis hiccup leaves
   * the accounts this process already knows, and is logged, not thrown.
   */
  async syncOrKeep(log: Logger): Promise<void> {
    await this.sync().catch((err) => log.warn({ err }, 'account registry not synced'));
  }

  /** Stores a new snapshot for every process and applies it here at once. */
  async publish(snapshot: OrgSnapshot): Promise<void> {
    const out = await this.redis
      .multi()
      .set(this.keys.data, JSON.stringify(snapshot))
      .incr(this.keys.version)
      .exec();
    const version = out?.[1]?.[1];
    if (version !== undefined && version !== null) this.version = String(version);
    this.apply(snapshot);
  }

  private apply(snapshot: OrgSnapshot): void {
    const accounts = this.config.accounts;
    for (const [alias, a] of accounts) if (a.source === 'organization') accounts.delete(alias);
    for (const a of snapshot.accounts) {
      const existing = accounts.get(a.alias);
      if (!existing) accounts.set(a.alias, { ...a, source: 'organization' });
    }
    this.snapshot = snapshot;
  }
}
