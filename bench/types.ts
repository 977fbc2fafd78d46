/** One benchmark's result: a table of figures, each against a baseline measured in the same run. */
export interface BenchRow {
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
}
export interface BenchResult {
  name: string;
  rows: BenchRow[];
}

export function printTable(r: BenchResult): void {
  const header = ['figure', 'ours', 'baseline', 'ratio', 'target'];
  const lines = [header, ...r.rows.map((x) => [x.figure, x.ours, x.baseline, x.ratio, x.target])];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  console.log(`\n## ${r.name}`);
  for (const [n, l] of lines.entries()) {
    console.log(`| ${l.map((c, i) => (c ?? '').padEnd(widths[i] ?? 0)).join(' | ')} |`);
    if (n === 0) console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  }
}

export const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

/** The sum of a count by name. */
export const countTotal = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

/** "DescribeInstances 150/150, …": AWS calls made / a bound's, by action, for every action either names. */
export function madeVsBound(made: Map<string, number>, bound: Map<string, number>): string {
  const byName = new Map([...made].map(([k, v]) => [k.replace(/Command$/, ''), v]));
  return [...new Set([...byName.keys(), ...bound.keys()])]
    .sort()
    .map((a) => `${a} ${byName.get(a) ?? 0}/${bound.get(a) ?? 0}`)
    .join(', ');
}
