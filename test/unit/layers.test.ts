import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * docs/architecture.md §2: layers only point down. Biome's noImportCycles sees cycles between files;
 * this sees them between *rooms* — each folder of src/ (src/ops, src/alerts…), each loose file of src/,
 * and jobs/ and handlers/ as a whole. Two rooms that import each other, even through different files,
 * mean one of them reaches back up a floor (the recovery code importing the scheduler registration
 * while the worker imports both, say). The room graph must stay acyclic.
 */
const ROOT = join(__dirname, '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return filesUnder(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** The room of a path relative to the root: `src/ops`, `src/deps.ts`, `jobs`, `handlers`. */
function roomOf(rel: string): string | undefined {
  const parts = rel.split('/');
  if (parts[0] === 'jobs' || parts[0] === 'handlers') return parts[0];
  if (parts[0] !== 'src') return undefined;
  return parts.length === 2 ? rel : `src/${parts[1]}`;
}

function resolveImport(fromRel: string, spec: string): string | undefined {
  const base = normalize(join(dirname(fromRel), spec));
  for (const c of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(join(ROOT, c)) && statSync(join(ROOT, c)).isFile()) return c;
  }
  return undefined;
}

type Edges = Map<string, Map<string, string>>; // from room → to room → one file-level example

function roomGraph(): Edges {
  const edges: Edges = new Map();
  for (const top of ['src', 'jobs', 'handlers']) {
    for (const abs of filesUnder(join(ROOT, top))) {
      const rel = relative(ROOT, abs);
      const from = roomOf(rel);
      if (!from) continue;
      const text = readFileSync(abs, 'utf8');
      // Static imports, re-exports and dynamic import() alike: each is a dependency of the room.
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)'/g)) {
        const target = resolveImport(rel, m[1] ?? '');
        const to = target ? roomOf(target) : undefined;
        if (!to || to === from) continue;
        const out = edges.get(from) ?? new Map<string, string>();
        if (!out.has(to)) out.set(to, `${rel} → ${target}`);
        edges.set(from, out);
      }
    }
  }
  return edges;
}

/** One cycle of the graph as its rooms in order (the first repeated at the end), or undefined. */
function findCycle(edges: Map<string, Iterable<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 'open');
    stack.push(n);
    for (const next of edges.get(n) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of [...edges.keys()].sort()) {
    if (!state.has(n)) {
      const found = visit(n);
      if (found) return found;
    }
  }
  return undefined;
}

describe('rooms import downward only', () => {
  it('finds a cycle where there is one, and none in a chain (the check can fail)', () => {
    const chain = new Map([
      ['a', ['b']],
      ['b', ['c']],
    ]);
    expect(findCycle(chain)).toBeUndefined();
    const loop = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(findCycle(loop)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('reads the real imports (the graph is not empty)', () => {
    const g = roomGraph();
    expect(g.get('jobs')?.has('src/ops')).toBe(true);
    expect(g.get('src/ops')?.has('src/domain')).toBe(true);
  });

  it('has no cycle between the rooms of src/, jobs/ and handlers/', () => {
    const g = roomGraph();
    const cycle = findCycle(new Map([...g].map(([k, v]) => [k, [...v.keys()]])));
    const shown = cycle?.slice(1).map((to, i) => g.get(cycle[i] ?? '')?.get(to));
    expect(shown).toBeUndefined();
  });
});
