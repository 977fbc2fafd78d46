import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import IORedis, { type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../../src/redis/client';

const run = promisify(execFile);

export interface RedisCluster extends RedisTarget {
  redisUrl: string;
  redisCluster: true;
  ports: number[];
  stop(): Promise<void>;
}

/**
 * A real Redis Cluster of `shards` primaries and no replicas: `redis-server --cluster-enabled yes`
 * processes on free local ports (work dirs under the OS temp dir), joined with
 * `redis-cli --cluster create … --cluster-replicas 0 --cluster-yes`. Resolves once every node reports
 * `cluster_state:ok` and knows every other node and all 16384 slots; never on a fixed sleep.
 * `extraArgs` go to every redis-server (e.g. `--maxmemory-policy allkeys-lru`).
 */
export async function startRedisCluster(
  opts: { shards?: number; extraArgs?: string[]; timeoutMs?: number } = {},
): Promise<RedisCluster> {
  const shards = opts.shards ?? 3;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const dir = mkdtempSync(join(tmpdir(), 'ec2bot-redis-cluster-'));
  const nodes: RedisNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < shards; i++) {
      nodes.push(
        await startRedisServer(dir, ['--cluster-enabled', 'yes', ...(opts.extraArgs ?? [])], deadline, true),
      );
    }
    const addrs = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addrs, '--cluster-replicas', '0', '--cluster-yes'], {
      timeout: Math.max(1000, deadline - Date.now()),
    });
    await Promise.all(nodes.map((n) => waitClusterOk(n.port, shards, deadline)));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    redisUrl: nodes.map((n) => `redis://127.0.0.1:${n.port}`).join(','),
    redisCluster: true,
    ports: nodes.map((n) => n.port),
    stop,
  };
}

/** PEM files of a TLS redis-server: its certificate and key, and the CA that signed them. */
export interface TlsFiles {
  cert: string;
  key: string;
  ca: string;
}

export interface RedisNode {
  port: number;
  stop(): Promise<void>;
  /** The server process has ended (e.g. after SHUTDOWN NOSAVE). */
  exited(): boolean;
}

/**
 * One `redis-server` on a free port (in `dir`, no persistence), ready when it answers PING. A port
 * another process took in the meantime is retried with a new one. For a cluster node the bus port
 * (port + 10000) must be free as well.
 */
export async function startRedisServer(
  dir: string,
  args: string[],
  deadline = Date.now() + 30_000,
  clusterBus = false,
  tls?: TlsFiles,
): Promise<RedisNode> {
  for (;;) {
    const port = await freePort(clusterBus);
    const extra = [...(clusterBus ? ['--cluster-config-file', `nodes-${port}.conf`] : []), ...args];
    const started = await spawnRedis(dir, port, extra, deadline, tls);
    if ('node' in started) return started.node;
    if (/Address already in use/.test(started.out) && Date.now() < deadline) continue;
    throw new Error(`redis-server on port ${port} did not start: ${started.err.message}\n${started.out}`);
  }
}

/**
 * A redis-server on this very port again (no persistence: it starts empty) — Redis restarted without its
 * data, as a test of what the bot does then needs. Ready when it answers PING.
 */
export async function restartRedisServer(dir: string, port: number, args: string[] = []): Promise<RedisNode> {
  const started = await spawnRedis(dir, port, args, Date.now() + 30_000);
  if ('node' in started) return started.node;
  throw new Error(`redis-server did not start again on port ${port}: ${started.err.message}\n${started.out}`);
}

/**
 * Redis restarted without persistence: `SHUTDOWN NOSAVE` (the process ends, its data with it), then a
 * new, empty redis-server on the same port. Resolves with the new node once it answers PING.
 */
export async function loseRedisData(dir: string, node: RedisNode): Promise<RedisNode> {
  const admin = new IORedis({ port: node.port, host: '127.0.0.1', retryStrategy: () => null });
  admin.on('error', () => {});
  await admin.call('SHUTDOWN', 'NOSAVE').catch(() => undefined); // the server closes the connection
  admin.disconnect();
  const deadline = Date.now() + 10_000;
  while (!node.exited() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (!node.exited()) throw new Error(`redis-server on port ${node.port} did not shut down`);
  return restartRedisServer(dir, node.port);
}

async function spawnRedis(
  dir: string,
  port: number,
  args: string[],
  deadline: number,
  tls?: TlsFiles,
): Promise<{ node: RedisNode } | { err: Error; out: string }> {
  const listen = tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.cert, '--tls-key-file', tls.key]
    : ['--port', String(port)];
  const child = spawn(
    'redis-server',
    [
      ...listen,
      ...(tls ? ['--tls-ca-cert-file', tls.ca, '--tls-auth-clients', 'no'] : []),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const node = {
    port,
    stop: () => stopChild(child),
    exited: () => child.exitCode !== null || child.signalCode !== null,
  };
  try {
    const pass = args.indexOf('--requirepass');
    await waitPing(port, child, deadline, {
      ...(tls ? { tls: { ca: readFileSync(tls.ca, 'utf8') } } : {}),
      ...(pass >= 0 ? { password: args[pass + 1] } : {}),
    });
    return { node };
  } catch (err) {
    await node.stop();
    return { err: err as Error, out };
  }
}

async function waitPing(
  port: number,
  child: ChildProcess,
  deadline: number,
  opts: RedisOptions = {},
): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}`);
    const c = new IORedis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, ...opts });
    c.on('error', () => {});
    try {
      await c.connect();
      if ((await c.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      c.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no PING answer in time');
}

/** Polls CLUSTER INFO until the node says the cluster is ok with every node and slot known. */
async function waitClusterOk(port: number, shards: number, deadline: number): Promise<void> {
  const c = new IORedis({ port, host: '127.0.0.1' });
  c.on('error', () => {});
  try {
    while (Date.now() < deadline) {
      const info = await c.cluster('INFO').catch(() => '');
      const ok =
        /cluster_state:ok/.test(info) &&
        new RegExp(`cluster_known_nodes:${shards}\\b`).test(info) &&
        /cluster_slots_ok:16384\b/.test(info);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`cluster node ${port} never reported cluster_state:ok`);
  } finally {
    c.disconnect();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A free TCP port (and, for a cluster node, a free bus port 10000 above it). */
async function freePort(withBus: boolean): Promise<number> {
  for (;;) {
    const port = await listenFree(0);
    if (!withBus) return port;
    if (port + 10000 <= 65535 && (await listenFree(port + 10000).catch(() => 0))) return port;
  }
}

function listenFree(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      const a = s.address();
      const got = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(got));
    });
  });
}
