import type { EC2Client } from '@aws-sdk/client-ec2';
import type { TypeInfo } from '../domain/instanceType';
import type { Redis } from '../redis/client';
import { type RedisKeys, redisKeys } from '../redis/keys';

/**
 * Instance type facts do not change (a new generation is a new type) and are the same in every account:
 * one DescribeInstanceTypes answer per region serves every account and every process for this long.
 */
export const TYPE_FACTS_TTL_MS = 6 * 3600_000;

/** What the catalog keeps per type: its facts, or `absent` when the region does not offer it. */
type Entry = { info: TypeInfo } | { absent: true };

/** Where the catalog keeps its entries: Redis for a real process, a Map where no Redis is at hand. */
export interface TypeFactsStore {
  read(region: string, names: string[]): Promise<(Entry | undefined)[]>;
  write(region: string, entries: Map<string, Entry>): Promise<void>;
}

/** Types of one region in Redis, one key each under the region's hash tag (one MGET reads them). */
export class RedisTypeFactsStore implements TypeFactsStore {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly ttlMs = TYPE_FACTS_TTL_MS,
  ) {
    this.keys = redisKeys(prefix);
  }

  async read(region: string, names: string[]): Promise<(Entry | undefined)[]> {
    if (names.length === 0) return [];
    const raw = await this.redis.mget(...names.map((n) => this.keys.instanceType(region, n)));
    return raw.map((r) => (r ? (JSON.parse(r) as Entry) : undefined));
  }

  async write(region: string, entries: Map<string, Entry>): Promise<void> {
    const m = this.redis.multi();
    for (const [name, e] of entries)
      m.set(this.keys.instanceType(region, name), JSON.stringify(e), 'PX', this.ttlMs);
    await m.exec();
  }
}

/** The same in process memory: for clients built without Redis (scripts, unit tests). */
export class MemoryTypeFactsStore implements TypeFactsStore {
  private readonly map = new Map<string, { e: Entry; at: number }>();

  constructor(
    private readonly ttlMs = TYPE_FACTS_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async read(region: string, names: string[]): Promise<(Entry | undefined)[]> {
    return names.map((n) => {
      const hit = this.map.get(`${region}|${n}`);
      return hit && this.now() - hit.at < this.ttlMs ? hit.e : undefined;
    });
  }

  async write(region: string, entries: Map<string, Entry>): Promise<void> {
    for (const [n, e] of entries) this.map.set(`${region}|${n}`, { e, at: this.now() });
  }
}

type Fetch = (names: string[]) => Promise<Map<string, TypeInfo>>;

/**
 * Instance type facts per region for every account: from the store, else one DescribeInstanceTypes
 * (`fetch`, through whichever account asked first) whose answer is stored for all. Concurrent misses
 * for the same region and type in one process share one call.
 */
export class TypeCatalog {
  private readonly inFlight = new Map<string, Promise<Map<string, TypeInfo>>>();

  constructor(private readonly store: TypeFactsStore) {}

  async lookup(region: string, names: string[], fetch: Fetch): Promise<Map<string, TypeInfo>> {
    const unique = [...new Set(names)].filter(Boolean);
    const out = new Map<string, TypeInfo>();
    const entries = await this.store.read(region, unique);
    const missing: string[] = [];
    const waits: Promise<Map<string, TypeInfo>>[] = [];
    unique.forEach((name, n) => {
      const e = entries[n];
      if (e && 'info' in e) out.set(name, e.info);
      else if (e) return;
      else {
        const pending = this.inFlight.get(`${region}|${name}`);
        if (pending) waits.push(pending);
        else missing.push(name);
      }
    });
    if (missing.length) waits.push(this.fetchAndStore(region, missing, fetch));
    for (const answer of await Promise.all(waits))
      for (const name of unique) {
        const info = answer.get(name);
        if (info) out.set(name, info);
      }
    return out;
  }

  private fetchAndStore(region: string, names: string[], fetch: Fetch): Promise<Map<string, TypeInfo>> {
    const call = (async () => {
      try {
        const found = await fetch(names);
        const entries = new Map<string, Entry>(
          names.map((n) => {
            const info = found.get(n);
            return [n, info ? { info } : { absent: true }];
          }),
        );
        await this.store.write(region, entries);
        return found;
      } finally {
        for (const n of names) this.inFlight.delete(`${region}|${n}`);
      }
    })();
    for (const n of names) this.inFlight.set(`${region}|${n}`, call);
    return call;
  }
}

/** The catalog a client was built with (AwsClients binds it); others share one in process memory. */
const bound = new WeakMap<EC2Client, TypeCatalog>();
const processCatalog = new TypeCatalog(new MemoryTypeFactsStore());

export function bindTypeCatalog(client: EC2Client, catalog: TypeCatalog): void {
  bound.set(client, catalog);
}

export const typeCatalogOf = (client: EC2Client): TypeCatalog => bound.get(client) ?? processCatalog;
