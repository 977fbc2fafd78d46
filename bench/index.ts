/**
 * npm run bench [-- name ...]: runs the named benchmarks (default: all), prints each table and writes
 * bench/RESULTS.md — all of it after a full run, only the sections of the benchmarks that ran
 * otherwise (each section says when and where it ran). Every benchmark starts its own servers and
 * stops them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { type BenchResult, printTable } from './types';

const BENCHES: Record<string, () => Promise<{ run: () => Promise<BenchResult> }>> = {
  ack: () => import('./ack'),
  fanout: () => import('./fanout'),
  ops: () => import('./ops'),
  alerts: () => import('./alerts'),
  maintenance: () => import('./maintenance'),
  surprises: () => import('./surprises'),
  faults: () => import('./faults'),
  socket: () => import('./socket'),
};

/** A part that runs with another: `npm run bench -- maintenance` runs the standing plan's surprises too. */
const WITH: Record<string, string[]> = { maintenance: ['surprises'] };

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = asked.length
    ? [...new Set(asked.flatMap((n) => [n, ...(WITH[n] ?? [])]))]
    : Object.keys(BENCHES);
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
  writeFileSync('bench/RESULTS.md', resultsMarkdown(results, asked.length ? readResults() : ''));
  process.exit(0);
}

const readResults = (): string =>
  existsSync('bench/RESULTS.md') ? readFileSync('bench/RESULTS.md', 'utf8') : '';

/** The sections of `previous` (split at `## `), with those of `results` replaced or appended. */
function resultsMarkdown(results: BenchResult[], previous: string): string {
  const sections = new Map<string, string>();
  const [preamble = '', ...parts] = previous.split(/^(?=## )/m);
  const oldStamp = /^Run .*$/m.exec(preamble)?.[0];
  for (const part of parts) {
    const heading = part.slice(0, part.indexOf('\n'));
    // A section from before per-section stamps keeps the run line it was published under.
    const body = /^Run /m.test(part) || !oldStamp ? part : part.replace(heading, `${heading}\n\n${oldStamp}`);
    // Keyed by the whole heading, as results are by their whole name: 'maintenance' and
    // 'maintenance — surprises' are two sections.
    sections.set(heading.slice(3), body.trimEnd());
  }
  const stamp = `Run ${new Date().toISOString()} on ${process.platform}/${process.arch}, node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)} at the end.`;
  for (const r of results) {
    sections.set(
      r.name,
      [
        `## ${r.name}`,
        '',
        stamp,
        '',
        '| figure | ours | baseline | ratio | target |',
        '| --- | --- | --- | --- | --- |',
        ...r.rows.map((x) => `| ${x.figure} | ${x.ours} | ${x.baseline} | ${x.ratio} | ${x.target} |`),
      ].join('\n'),
    );
  }
  return ['# Benchmark results', '', ...[...sections.values()].flatMap((s) => [s, ''])].join('\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
