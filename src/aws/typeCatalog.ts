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

/** An entry as Redis keeps it: with the time it expires there (epoch ms), so copies expire with it. */
type Stored = Entry & { exp?: number };

/** Entries this process keeps a copy of at most (types × regions a fleet uses: a few hundred). */
const LOCAL_MAX = 4096;

/**
 * Types of one region in Redis, one key each under the region's hash tag (one MGET reads them), with this
 * process's copy in front: an entry read or written here is served from memory until it expires in Redis,
 * so a warm scan reads no Redis for its types. Entries are immutable facts, so the copy never goes stale
 * before Redis's does; one written without an expiry (older versions) is read from Redis each time.
 */
export class RedisTypeFactsStore implements TypeFactsStore {
  private readonly keys: RedisKeys;
  private readonly local = new Map<string, { e: Entry; exp: number }>();

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly ttlMs = TYPE_FACTS_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = redisKeys(prefix);
  }

  async read(region: string, names: string[]): Promise<(Entry | undefined)[]> {
    const out = names.map((n) => this.copyOf(region, n));
    const missing = names.filter((_, i) => !out[i]);
    if (missing.length === 0) return out;
    const raw = await this.redis.mget(...missing.map((n) => this.keys.instanceType(region, n)));
    const found = new Map<string, Entry>();
    raw.forEach((r, i) => {
      if (!r) return;
      const { exp, ...e } = JSON.parse(r) as Stored;
      found.set(missing[i]!, e as Entry);
      if (exp) this.keep(region, missing[i]!, e as Entry, exp);
    });
    return names.map((n, i) => out[i] ?? found.get(n));
  }

  async write(region: string, entries: Map<string, Entry>): Promise<void> {
    // Taken before the write: the copy expires no later than the keys do.
    const exp = this.now() + this.ttlMs;
    const m = this.redis.multi();
    for (const [name, e] of entries)
      m.set(
        this.keys.instanceType(region, name),
        JSON.stringify({ ...e, exp } satisfies Stored),
        'PX',
        this.ttlMs,
      );
    await m.exec();
    for (const [name, e] of entries) this.keep(region, name, e, exp);
  }

  private copyOf(region: string, name: string): Entry | undefined {
    const k = `${region}|${name}`;
    const hit = this.local.get(k);
    if (!hit) return undefined;
    this.local.delete(k);
    if (hit.exp <= this.now()) return undefined;
    this.local.set(k, hit); // most recently used last
    return hit.e;
  }

  private keep(region: string, name: string, e: Entry, exp: number): void {
    const k = `${region}|${name}`;
    this.local.delete(k);
    this.local.set(k, { e, exp });
    if (this.local.size > LOCAL_MAX) this.local.delete(this.local.keys().next().value as string);
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
