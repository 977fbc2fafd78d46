import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Proc {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs a TypeScript entry with tsx as its own process; resolves once `ready` matches its output. */
export async function startTs(
  entry: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  readyMs = 30_000,
): Promise<Proc & { match: RegExpExecArray }> {
  // BENCH_CPU_PROF=<dir>: each process writes a V8 CPU profile there when it exits (open it in Chrome's
  // DevTools, Performance tab) — where a figure's time goes.
  const prof = process.env.BENCH_CPU_PROF
    ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(path.resolve('node_modules/.bin/tsx'), [...prof, entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} not ready in ${readyMs / 1000} s:\n${out}`));
    }, readyMs);
    let matched = false;
    const onData = (d: Buffer): void => {
      // Keep the tail only; stop matching once ready so a chatty process costs the bench process little.
      out = out.length > 40_000 ? out.slice(-20_000) + d.toString() : out + d.toString();
      if (matched) return;
      const m = ready.exec(out);
      if (m) {
        matched = true;
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited ${code}:\n${out}`)));
  });
  return {
    child,
    match,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Peak resident set (VmHWM) of a live process so far, in MiB (Linux /proc). */
export function peakRssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
