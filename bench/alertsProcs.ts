import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Helpers for the alerts benchmark: child processes, free ports, peak RSS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

export function startNode(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => {
    const s = d.toString();
    if (
      !/NodeVersionSupportWarning|node >=22|a\.co\/|trace-warnings|versions published|continue receiving|security updates|^\s*$/.test(
        s,
      )
    ) {
      process.stderr.write(`[child] ${s}`);
    }
  });
  return child;
}

export async function waitHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The baseline: a bare express route that only parses JSON and answers 202. */
export const BASELINE_SERVER = `
const express = require('express');
const app = express();
app.post('/webhooks/aws', express.json({ limit: '256kb' }), (req, res) => res.status(202).json({ status: 'ok' }));
app.listen(Number(process.env.PORT), '127.0.0.1');
`;
