import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * docs/adding-an-operation.md is exact: its code blocks, applied to a copy of the source as the page
 * says (a new file, or "one line in X" of an existing file), type-check — and the command, help line,
 * job and approval default of the new operation then exist without touching anything else. Without the
 * spec's line in SPECS the copy does not compile (the registries are total).
 */
jest.setTimeout(300_000);

const root = path.join(__dirname, '../..');
const recipe = readFileSync(path.join(root, 'docs/adding-an-operation.md'), 'utf8');

interface Block {
  file: string;
  /** Set for an edit of an existing file: the `export const` its non-import lines go into. */
  into?: string;
  lines: string[];
}

function blocks(): Block[] {
  return [...recipe.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => {
    const [head = '', ...lines] = (m[1] ?? '').trimEnd().split('\n');
    const h = /^\/\/ (\S+)(?: — .* in (\w+))?$/.exec(head);
    if (!h?.[1]) throw new Error(`a code block of the recipe does not start with its file: ${head}`);
    return { file: h[1], into: h[2], lines };
  });
}

function apply(dir: string, skip?: (b: Block) => boolean): void {
  for (const b of blocks()) {
    if (skip?.(b)) continue;
    const file = path.join(dir, b.file);
    if (!b.into) {
      writeFileSync(file, `${b.lines.join('\n')}\n`);
      continue;
    }
    const text = readFileSync(file, 'utf8').split('\n');
    const at = text.findIndex((l) => l.startsWith(`export const ${b.into}`));
    if (at < 0) throw new Error(`${b.file} has no export const ${b.into}`);
    text.splice(at + 1, 0, ...b.lines.filter((l) => !l.startsWith('import ')));
    text.unshift(...b.lines.filter((l) => l.startsWith('import ')));
    writeFileSync(file, text.join('\n'));
  }
}

function copy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ec2bot-recipe-'));
  for (const d of ['src', 'handlers', 'jobs'])
    cpSync(path.join(root, d), path.join(dir, d), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const base = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { ...base.compilerOptions, types: ['node'], noEmit: true },
      include: ['src', 'handlers', 'jobs'],
    }),
  );
  return dir;
}

const tsc = (dir: string): { ok: boolean; out: string } => {
  try {
    execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, out: '' };
  } catch (err) {
    const e = err as { stdout?: string };
    return { ok: false, out: e.stdout ?? '' };
  }
};

describe('docs/adding-an-operation.md', () => {
  it('adds an operation that compiles and has its command, help line, job and approval default', () => {
    const dir = copy();
    apply(dir);
    const r = tsc(dir);
    expect(r.out).toBe('');
    const probe = `
      const { COMMANDS, helpLines } = require('./handlers/commands');
      const { APPROVAL_DEFAULT } = require('./src/ops/catalog');
      const { OPERATION_JOBS } = require('./src/ops/job');
      console.log(JSON.stringify({
        command: COMMANDS.has('soft-reboot'),
        help: helpLines().some((l) => l.usage.startsWith('/ec2 soft-reboot')),
        approval: APPROVAL_DEFAULT.includes('soft-reboot'),
        job: OPERATION_JOBS.some((j) => j.name === 'soft-reboot'),
      }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', probe], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').pop() ?? '{}')).toEqual({
      command: true,
      help: true,
      approval: true,
      job: true,
    });
  });

  it('does not compile while the new name has no spec', () => {
    const dir = copy();
    apply(dir, (b) => b.file === 'src/ops/operations/index.ts');
    const r = tsc(dir);
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/src\/ops\/operations\/index\.ts.*soft-reboot/s);
  });
});
