import { createHash, randomBytes } from 'node:crypto';
import type { Alert, AlertClosed, AlertMarks } from '../domain/alert';
import type { Redis } from '../redis/client';
import { type RedisKeys, redisKeys } from '../redis/keys';

const DAY_S = 24 * 3600;
const KEEP_S = 30 * DAY_S;
/** How many alert ids an account's open index keeps. */
const OPEN_KEEP = 200;
const ALERT_ID = /^a[\w-]{8,40}$/;

/**
 * Alerts in Redis: the record (entities and states, written by alert jobs under `withLock`), its Slack
 * ts, whether it was closed (Resolve, a successful operation) and its marks (ack, snooze — written by
 * buttons) under separate keys so writers never overwrite each other.
 */
export class AlertStore {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  /** The alert's record, or one of its parts: all under the alert's own hash tag. */
  private k(id: string, part?: string): string {
    return this.keys.alert(id, part);
  }

  static newId(): string {
    return `a${randomBytes(9).toString('base64url')}`;
  }

  static isId(id: string): boolean {
    return ALERT_ID.test(id);
  }

  /**
   * True the first time a delivery is seen (SET NX): at-least-once delivery makes replays normal. The
   * key holds the claiming job's id, so that job's own retry still counts the delivery as new.
   */
  async firstSeen(dedupeKeys: string[], owner: string): Promise<boolean[]> {
    // One command per key, sent together (ioredis writes them without waiting): the keys are in
    // different slots, which a cluster pipeline or MULTI would refuse.
    return Promise.all(
      dedupeKeys.map(async (d) => {
        const h = createHash('sha1').update(d).digest('base64url');
        try {
          const prev = await this.redis.set(this.keys.alertSeen(h), owner, 'EX', 14 * DAY_S, 'NX', 'GET');
          return prev === null || prev === owner;
        } catch {
          return false;
        }
      }),
    );
  }

  async get(id: string): Promise<Alert | undefined> {
    if (!AlertStore.isId(id)) return undefined;
    const [raw, ts, closed] = await this.redis.mget(this.k(id), this.k(id, 'ts'), this.k(id, 'closed'));
    if (!raw) return undefined;
    const a = JSON.parse(raw) as Alert;
    return {
      ...a,
      ...(ts ? { ts } : {}),
      ...(closed ? { closed: JSON.parse(closed) as AlertClosed } : {}),
    };
  }

  async save(a: Alert): Promise<void> {
    const { ts: _ts, closed: _closed, ...rest } = a;
    await this.redis.set(this.k(a.id), JSON.stringify(rest), 'EX', KEEP_S);
    const open = this.keys.alertsOpen(a.account);
    if (a.resolvedAt || a.closed) await this.redis.zrem(open, a.id);
    else {
      await this.redis.zadd(open, Date.parse(a.createdAt) || Date.now(), a.id);
      await this.redis.zremrangebyrank(open, 0, -(OPEN_KEEP + 1));
      await this.redis.expire(open, KEEP_S);
    }
  }

  /**
   * The account's open alerts, newest first (App Home): the index holds what was open when saved; an
   * alert closed since (Resolve, an operation) or gone is left out here, and dropped from the index.
   */
  async openIn(account: string, count = 20): Promise<Alert[]> {
    const key = this.keys.alertsOpen(account);
    const ids = await this.redis.zrevrange(key, 0, OPEN_KEEP - 1);
    const out: Alert[] = [];
    for (const id of ids) {
      if (out.length >= count) break;
      const a = await this.get(id);
      if (a && !a.closed && !a.resolvedAt) out.push(a);
      else await this.redis.zrem(key, id);
    }
    return out;
  }

  /** Closes the alert (first close wins, SET NX); a second close learns who was first. */
  async close(id: string, closed: AlertClosed): Promise<{ ok: boolean; closed: AlertClosed }> {
    const ok = await this.redis.set(this.k(id, 'closed'), JSON.stringify(closed), 'EX', KEEP_S, 'NX');
    if (ok === 'OK') return { ok: true, closed };
    const cur = await this.redis.get(this.k(id, 'closed'));
    return { ok: false, closed: cur ? (JSON.parse(cur) as AlertClosed) : closed };
  }

  /**
   * The alert's post was given up on (Slack refused it, or kept failing): no message exists, so later
   * instances of its window must open a new alert instead of joining one nobody can see.
   */
  async markPostDropped(id: string): Promise<void> {
    await this.redis.set(this.k(id, 'dropped'), '1', 'EX', KEEP_S);
  }

  async postDropped(id: string): Promise<boolean> {
    return (await this.redis.exists(this.k(id, 'dropped'))) === 1;
  }

  async setTs(id: string, ts: string): Promise<void> {
    await this.redis.set(this.k(id, 'ts'), ts, 'EX', KEEP_S);
  }

  /**
   * Marks that a post of this alert is being attempted (idempotency key: written before the post).
   * Returns the time of an earlier attempt whose outcome was never recorded, else undefined.
   */
  async postIntent(id: string, at: Date): Promise<Date | undefined> {
    const prev = await this.redis.set(this.k(id, 'posting'), at.toISOString(), 'EX', KEEP_S, 'NX', 'GET');
    return prev ? new Date(prev) : undefined;
  }

  async clearPostIntent(id: string): Promise<void> {
    await this.redis.del(this.k(id, 'posting'));
  }

  /**
   * Runs `fn` while holding the alert's write lock (record read-modify-write by alert jobs), waiting up
   * to ~10 s for another holder; the lock expires by itself if a holder dies.
   */
  async withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const key = this.k(id, 'lock');
    const token = randomBytes(6).toString('hex');
    for (let i = 0; i < 200; i++) {
      if ((await this.redis.set(key, token, 'PX', 15_000, 'NX')) === 'OK') break;
      if (i === 199) throw new Error(`alert ${id} is locked`);
      await new Promise((r) => setTimeout(r, 50));
    }
    try {
      return await fn();
    } finally {
      await this.redis.eval(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
        1,
        key,
        token,
      );
    }
  }

  /** entityKey → alert id, so a later change finds the message it belongs to. */
  async indexEntities(id: string, entityKeys: string[]): Promise<void> {
    await Promise.all(entityKeys.map((e) => this.redis.set(this.keys.alertEntity(e), id, 'EX', KEEP_S)));
  }

  async byEntities(entityKeys: string[]): Promise<(string | null)[]> {
    if (entityKeys.length === 0) return [];
    return Promise.all(entityKeys.map((e) => this.redis.get(this.keys.alertEntity(e))));
  }

  /**
   * The latest alert of an instance, per family: `inst` = status checks (closing the loop on a
   * recover), `spot` = a Spot warning (its stop is expected), `public` = a region's public notice.
   */
  async indexInstances(id: string, account: string, instanceIds: string[], family = 'inst'): Promise<void> {
    await Promise.all(
      instanceIds.map((i) => this.redis.set(this.keys.alertInstance(account, i, family), id, 'EX', KEEP_S)),
    );
  }

  async byInstance(account: string, instanceId: string, family = 'inst'): Promise<string | null> {
    return this.redis.get(this.keys.alertInstance(account, instanceId, family));
  }

  /** The open public (region-wide) AWS notice of an account-region, if there is one. */
  async openPublicNotice(account: string, region: string): Promise<Alert | undefined> {
    const id = await this.byInstance(account, region, 'public');
    const a = id ? await this.get(id) : undefined;
    return a && !a.closed && a.entities.some((e) => e.state === 'open') ? a : undefined;
  }

  async marks(id: string): Promise<AlertMarks> {
    const [ack, snooze] = await this.redis.mget(this.k(id, 'ack'), this.k(id, 'snooze'));
    return { ack: ack ? JSON.parse(ack) : undefined, snooze: snooze ? JSON.parse(snooze) : undefined };
  }

  /** First acknowledgement wins (SET NX); a second press learns who was first. */
  async acknowledge(
    id: string,
    by: string,
    at: Date,
  ): Promise<{ ok: boolean; ack: { by: string; at: string } }> {
    const ack = { by, at: at.toISOString() };
    const ok = await this.redis.set(this.k(id, 'ack'), JSON.stringify(ack), 'EX', KEEP_S, 'NX');
    if (ok === 'OK') return { ok: true, ack };
    const cur = await this.redis.get(this.k(id, 'ack'));
    return { ok: false, ack: cur ? JSON.parse(cur) : ack };
  }

  async snooze(id: string, by: string, until: Date): Promise<void> {
    await this.redis.set(
      this.k(id, 'snooze'),
      JSON.stringify({ by, until: until.toISOString() }),
      'EX',
      KEEP_S,
    );
  }

  /**
   * Marks a refresh of the alert's message (`update`) or of its thread's instance list (`list`) as
   * waiting in the channel's outbox. False when one already waits: the sender renders the alert as it
   * is at send time, so one waiting refresh carries every change made before it is sent.
   */
  async queueRefresh(id: string, what: 'update' | 'list'): Promise<boolean> {
    return (await this.redis.set(this.k(id, `queued-${what}`), '1', 'EX', 120, 'NX')) === 'OK';
  }

  /** The sender took the waiting refresh: a change from now on queues a new one. */
  async takeRefresh(id: string, what: 'update' | 'list'): Promise<void> {
    await this.redis.del(this.k(id, `queued-${what}`));
  }

  /** How many of the alert's instances its thread has listed so far. */
  async listed(id: string): Promise<number> {
    return Number(await this.redis.get(this.k(id, 'listed'))) || 0;
  }

  async setListed(id: string, n: number): Promise<void> {
    await this.redis.set(this.k(id, 'listed'), String(n), 'EX', KEEP_S);
  }

  /** Quiet-hours digest: alerts held per account until the window ends. */
  async hold(account: string, id: string): Promise<void> {
    await this.redis.rpush(this.keys.alertDigest(account), id);
    await this.redis.expire(this.keys.alertDigest(account), 2 * DAY_S);
  }

  async takeHeld(account: string): Promise<string[]> {
    const key = this.keys.alertDigest(account);
    const res = await this.redis.multi().lrange(key, 0, -1).del(key).exec();
    return (res?.[0]?.[1] as string[] | undefined) ?? [];
  }

  /** Auto-recover blast-radius counter: recoveries started for an account in the current hour. */
  async countAutoRecover(account: string, now: Date, by: number): Promise<number> {
    const key = this.keys.alertAutoRecover(account, String(Math.floor(now.getTime() / 3_600_000)));
    const n = await this.redis.incrby(key, by);
    await this.redis.expire(key, 7200);
    return n;
  }
}
