import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Stores are built once, in the composition roots, and handed out as `deps.stores` (docs/architecture.md
 * §2). Anywhere else in the bot's code, `new XStore(` is a second, ad hoc construction: only the roots and
 * the module that declares the store's class may write one.
 */
const CODE = ['src', 'handlers', 'jobs'];
const ROOTS = new Set(['src/process/webDeps.ts', 'src/runtime.ts']);
const NEW_STORE = /\bnew ([A-Z][A-Za-z]*Store)\(/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** `file:line new XStore(` for every construction outside the roots and the store's own module. */
function strayStores(repo: string): string[] {
  const out: string[] = [];
  for (const top of CODE)
    for (const file of tsFiles(path.join(repo, top))) {
      const rel = path.relative(repo, file).split(path.sep).join('/');
      if (ROOTS.has(rel)) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(NEW_STORE)) {
        if (new RegExp(`\\bclass ${m[1]}\\b`).test(text)) continue;
        const line = text.slice(0, m.index).split('\n').length;
        out.push(`${rel}:${line} new ${m[1]}(`);
      }
    }
  return out;
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ec2bot-stores-'));
  for (const top of CODE) mkdirSync(path.join(dir, top), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

describe('stores are built in the composition roots only', () => {
  it('no file under src/, handlers/ or jobs/ builds a store of its own', () => {
    expect(strayStores(path.join(__dirname, '../..'))).toEqual([]);
  });

  it('names a construction in a job, a handler or a feature module, with its line', () => {
    const adHoc = 'export const f = (deps: any) =>\n  new PlanStore(deps.redis, deps.keyPrefix);\n';
    const dir = tree({
      'jobs/x/index.ts': adHoc,
      'handlers/actions/y.ts': adHoc,
      'src/maintenance/z.ts': 'const s = new AlertStore(r, p);\n',
    });
    expect(strayStores(dir).sort()).toEqual([
      'handlers/actions/y.ts:2 new PlanStore(',
      'jobs/x/index.ts:2 new PlanStore(',
      'src/maintenance/z.ts:1 new AlertStore(',
    ]);
  });

  it('allows the roots and the module that declares the store', () => {
    const dir = tree({
      'src/process/webDeps.ts': 'const plans = new PlanStore(redis, prefix);\n',
      'src/runtime.ts': 'const facts = new RedisTypeFactsStore(redis, prefix);\n',
      'src/aws/facts.ts': 'export class MemoryFactsStore {}\nconst fallback = new MemoryFactsStore();\n',
    });
    expect(strayStores(dir)).toEqual([]);
  });
});
