import { readFileSync } from 'node:fs';
import type { ProxiedCall } from './delayProxy';
import { percentile } from './types';

/** user + system CPU of a process so far, ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** tsx runs the entry in a child node process: its pid (the one whose memory counts). */
export function nodePid(wrapper: number | undefined): number | undefined {
  if (!wrapper) return undefined;
  try {
    const kids = readFileSync(`/proc/${wrapper}/task/${wrapper}/children`, 'utf8').trim().split(/\s+/);
    return Number(kids[0]) || wrapper;
  } catch {
    return wrapper;
  }
}

export function debugCalls(calls: ProxiedCall[], p0: number): void {
  const by = new Map<string, ProxiedCall[]>();
  for (const c of calls) by.set(c.action, [...(by.get(c.action) ?? []), c]);
  for (const [a, cs] of by) {
    const d = cs.map((c) => c.end - c.start);
    const starts = cs.map((c) => c.start - p0);
    console.error(
      `${a}: n=${d.length} p50=${percentile(d, 50).toFixed(0)} max=${Math.max(...d).toFixed(0)} start ${Math.min(...starts).toFixed(0)}..${Math.max(...starts).toFixed(0)} end<=${Math.max(...cs.map((c) => c.end - p0)).toFixed(0)}`,
    );
  }
  const first = Math.min(...calls.map((c) => c.start));
  const last = Math.max(...calls.map((c) => c.end));
  console.error(`span of AWS calls ${(last - first).toFixed(0)} ms`);
}
