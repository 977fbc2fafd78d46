/**
 * npm run bench [-- name ...]: runs the named benchmarks (default: all), prints each table and writes
 * bench/RESULTS.md. Every benchmark starts its own servers and stops them.
 */
import { writeFileSync } from 'node:fs';
import { type BenchResult, printTable } from './types';

const BENCHES: Record<string, () => Promise<{ run: () => Promise<BenchResult> }>> = {
  ack: () => import('./ack'),
  fanout: () => import('./fanout'),
  ops: () => import('./ops'),
  alerts: () => import('./alerts'),
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = asked.length ? asked : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const results: BenchResult[] = [];
  for (const name of names) {
    const mod = await BENCHES[name]!();
    const r = await mod.run();
    printTable(r);
    results.push(r);
  }
  const md = [
    '# Benchmark results',
    '',
    `Run ${new Date().toISOString()} on ${process.platform}/${process.arch}, node ${process.version}, ${(await import('node:os')).cpus().length} cores.`,
    '',
    ...results.flatMap((r) => [
      `## ${r.name}`,
      '',
      '| figure | ours | baseline | ratio | target |',
      '| --- | --- | --- | --- | --- |',
      ...r.rows.map((x) => `| ${x.figure} | ${x.ours} | ${x.baseline} | ${x.ratio} | ${x.target} |`),
      '',
    ]),
  ].join('\n');
  if (!asked.length) writeFileSync('bench/RESULTS.md', md);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
