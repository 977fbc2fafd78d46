import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OPERATIONS } from '../../src/config/operations';
import { APPROVAL_DEFAULT, CATALOG } from '../../src/ops/catalog';

/**
 * README's lists of operations are written by hand for readers; this keeps them true to the catalog:
 * a new operation (or a changed approval default) fails here until the README says so.
 */
const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const words = (s: string): string[] => s.split(/\s+/).filter(Boolean).sort();

describe('README and the operation catalog', () => {
  it('the approval.required_for row lists every operation and the default the catalog derives', () => {
    const row = readme.split('\n').find((l) => l.startsWith('| `.approval.required_for`'));
    expect(row).toBeDefined();
    const anyOf = /any of `([^`]+)`/.exec(row ?? '')?.[1] ?? '';
    const byDefault = /\(default: `([^`]+)`/.exec(row ?? '')?.[1] ?? '';
    expect(words(anyOf)).toEqual([...OPERATIONS].sort());
    expect(words(byDefault)).toEqual([...APPROVAL_DEFAULT].sort());
  });

  it('the command reference shows every operation that has a command', () => {
    const block = readme.slice(
      readme.indexOf('/ec2 help'),
      readme.indexOf('```', readme.indexOf('/ec2 help')),
    );
    const shown = new Set(
      block
        .split('\n')
        .map((l) => /^\/ec2 (\S+)/.exec(l)?.[1])
        .flatMap((w) => (w ? w.split('|') : [])),
    );
    const missing = Object.values(CATALOG)
      .flatMap((e) => e.command?.names.slice(0, 1) ?? [])
      .filter((n) => !shown.has(n));
    expect(missing).toEqual([]);
  });
});
