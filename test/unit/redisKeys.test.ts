import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { keyPattern, redisKeys } from '../../src/redis/keys';

/** Redis Cluster hashes the text between a key's first `{` and the next `}` (when not empty). */
const hashTag = (key: string): string | undefined => {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : undefined;
};

/** Every key a builder makes, for sample arguments (nested builders flattened). */
function sampleKeys(prefix: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, build] of Object.entries(redisKeys(prefix))) {
    const args = Array.from({ length: build.length }, (_, i) => `arg${i}`);
    const made = (build as (...a: string[]) => string | Record<string, string>)(...args);
    out[name] = typeof made === 'string' ? [made] : Object.values(made);
  }
  return out;
}

describe('Redis keys', () => {
  const prefix = 'ec2bot';
  const all = sampleKeys(prefix);

  it('every key family starts with the installation hash tag', () => {
    expect(Object.keys(all).length).toBeGreaterThan(15);
    for (const [family, keys] of Object.entries(all)) {
      for (const k of keys) {
        expect({ family, tag: hashTag(k)?.startsWith(`${prefix}:`) }).toEqual({ family, tag: true });
        expect(k.startsWith(keyPattern(prefix).slice(0, -1))).toBe(true);
      }
    }
  });

  it('keys that one script, MULTI or MGET touches share one tag; unrelated ones do not', () => {
    const k = redisKeys(prefix);
    const outbox = k.outbox('C1');
    expect(new Set([outbox.lane, outbox.drainer, outbox.pace].map(hashTag)).size).toBe(1);
    const agg = k.aggregation('111111111111', 'T');
    expect(hashTag(agg.open)).toBe(hashTag(`${agg.items}b123:taken`));
    const parts = [undefined, 'ts', 'ack', 'snooze', 'lock', 'posting'].map((p) => k.alert('a1', p));
    expect(new Set(parts.map(hashTag)).size).toBe(1);
    expect(hashTag(k.approval('apr-1'))).toBe(hashTag(k.approvalPlan('apr-1')));
    // spread: per channel, per alert, per queue
    expect(hashTag(k.outbox('C1').lane)).not.toBe(hashTag(k.outbox('C2').lane));
    expect(hashTag(k.alert('a1'))).not.toBe(hashTag(k.alert('a2')));
    const queues = ['query', 'ops', 'alerts', 'schedules'].map((q) => hashTag(k.queue(q)));
    expect(new Set(queues).size).toBe(4);
  });

  it('no code outside src/redis/keys.ts builds a Redis key or BullMQ prefix by hand', () => {
    const offenders: string[] = [];
    const root = join(__dirname, '../..');
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith(join('src', 'redis', 'keys.ts'))) {
          const text = readFileSync(p, 'utf8');
          // `${prefix}:…`, `${deps.keyPrefix}:…`, `{${…}}` — the shapes hand-built keys took before.
          for (const m of text.matchAll(/\$\{[^}]*[pP]refix[^}]*\}[:{]|\{\$\{/g))
            offenders.push(`${p.slice(root.length + 1)}: ${m[0]}`);
        }
      }
    };
    for (const dir of ['src', 'handlers', 'jobs']) walk(join(root, dir));
    expect(offenders).toEqual([]);
  });
});
