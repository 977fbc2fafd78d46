import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import IORedis from 'ioredis';
import { healthz } from '../../handlers/healthz';
import { SLACK_BODY_LIMIT } from '../../src/app';
import { accountsYaml, withChanges } from '../helpers/accountsConfig';
import { BOT_TOKEN, SIGNING_SECRET, TWO_ACCOUNTS, TWO_ACCOUNTS_SPEC } from '../helpers/bot';
import { FakeSlack } from '../helpers/fakeSlack';
import { until } from '../helpers/ops';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { startRedisServer } from '../helpers/redisCluster';

jest.setTimeout(60_000);
const dir = mkdtempSync(path.join(tmpdir(), 'ec2bot-'));
const goodConfig = path.join(dir, 'accounts.yml');
writeFileSync(goodConfig, TWO_ACCOUNTS);
const prefix = uniquePrefix('process');
const slack = new FakeSlack();
beforeAll(() => slack.start());
afterAll(async () => {
  await slack.stop();
  await cleanPrefix(prefix);
});

interface Run {
  child: ChildProcess;
  out: () => string;
  exit: Promise<{ code: number | null; ms: number }>;
}

/** Runs the real entry point (src/main.ts) as its own process, as `npm start` does after a build. */
function runMain(mode: string, env: Record<string, string>): Run {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', mode], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      REDIS_URL,
      EC2BOT_REDIS_PREFIX: prefix,
      EC2BOT_CONFIG: goodConfig,
      PORT: '0',
      AWS_REGION: 'us-east-1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exit = new Promise<{ code: number | null; ms: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, ms: Date.now() - started })),
  );
  return { child, out: () => out, exit };
}

async function waitForOutput(run: Run, text: string, ms = 15_000): Promise<void> {
  await until(async () => run.out().includes(text), `"${text}" in the output`, ms).catch((err: Error) => {
    throw new Error(`${err.message}; output:\n${run.out()}`);
  });
}

describe('the bot process', () => {
  it('exits non-zero within seconds with a clear message when Redis is unreachable', async () => {
    const run = runMain('all', { REDIS_URL: 'redis://127.0.0.1:1' });
    const { code, ms } = await run.exit;
    expect(code).toBe(78);
    // Includes tsx compiling the entry point; a hang (ioredis retrying forever) would never exit.
    expect(ms).toBeLessThan(15_000);
    expect(run.out()).toContain('Redis at redis://127.0.0.1:1 does not answer');
    expect(run.out()).toContain('set REDIS_URL');
  });

  it('refuses a Redis whose maxmemory-policy evicts keys: exit 78 and the fix', async () => {
    const evicting = await startRedisServer(dir, ['--maxmemory-policy', 'allkeys-lru']);
    try {
      const run = runMain('all', { REDIS_URL: `redis://127.0.0.1:${evicting.port}` });
      const { code } = await run.exit;
      expect(code).toBe(78);
      expect(run.out()).toContain('has maxmemory-policy allkeys-lru');
      expect(run.out()).toContain('Set maxmemory-policy noeviction');
      expect(run.out()).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    } finally {
      await evicting.stop();
    }
  });

  it('stops on a bad config with the file, the key path and the fix', async () => {
    const bad = path.join(dir, 'bad.yml');
    writeFileSync(
      bad,
      accountsYaml(withChanges(TWO_ACCOUNTS_SPEC, { accounts: { staging: { role_arn: 'nope' } } })),
    );
    const run = runMain('all', { EC2BOT_CONFIG: bad });
    const { code } = await run.exit;
    expect(code).toBe(78);
    expect(run.out()).toContain(`${bad}: invalid configuration`);
    expect(run.out()).toContain(
      'accounts.staging.role_arn: not an IAM role ARN — write arn:aws:iam::<account id>:role/<name>',
    );
    expect(run.out()).not.toMatch(/\s+at .*\.ts:\d+/);
  });

  it('says which Slack settings are missing', async () => {
    const run = runMain('web', { SLACK_BOT_TOKEN: '' });
    expect((await run.exit).code).toBe(78);
    expect(run.out()).toContain('missing environment: SLACK_BOT_TOKEN');
  });

  it('intake mode needs no Slack settings but the queue: it names AWS_EVENTS_QUEUE_URL, then its region', async () => {
    const none = runMain('intake', { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '' });
    expect((await none.exit).code).toBe(78);
    expect(none.out()).toContain('intake: AWS_EVENTS_QUEUE_URL is not set');
    expect(none.out()).not.toContain('SLACK_BOT_TOKEN');
    const local = runMain('intake', {
      SLACK_BOT_TOKEN: '',
      AWS_REGION: '',
      AWS_EVENTS_QUEUE_URL: 'http://127.0.0.1:1/123456789012/events',
    });
    expect((await local.exit).code).toBe(78);
    expect(local.out()).toContain('AWS_EVENTS_QUEUE_URL: no region in "127.0.0.1" and AWS_REGION is not set');
    expect(local.out()).not.toMatch(/\s+at .*\.ts:\d+/);
  });

  it('stops with a clear message when Slack refuses the bot token', async () => {
    slack.badTokens.add('xoxb-revoked-0123456789');
    const run = runMain('web', { SLACK_BOT_TOKEN: 'xoxb-revoked-0123456789' });
    expect((await run.exit).code).toBe(78);
    expect(run.out()).toContain('Slack did not accept SLACK_BOT_TOKEN (invalid_auth)');
    expect(run.out()).not.toContain('xoxb-revoked-0123456789');
  });

  it('starts web + worker, then exits 0 on SIGTERM, never logging the tokens', async () => {
    const run = runMain('all', {});
    await waitForOutput(run, 'ec2-ops-bot started');
    const port = Number(/"port":(\d+)/.exec(run.out())?.[1]);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    run.child.kill('SIGTERM');
    const { code } = await run.exit;
    expect(code).toBe(0);
    expect(run.out()).toContain('"msg":"stopped"');
    expect(run.out()).not.toContain(BOT_TOKEN);
    expect(run.out()).not.toContain(SIGNING_SECRET);
  });
});

describe('GET /healthz', () => {
  it('is 503 when Redis does not answer', async () => {
    const dead = new IORedis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    dead.on('error', () => {});
    const app = express().get('/healthz', healthz(dead));
    const server = app.listen(0);
    const port = (server.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { status: string }).status).toBe('unavailable');
    server.close();
    dead.disconnect();
  });
});

const MB = 1024 * 1024;

/** Resident memory of a process in MB, from the kernel (what an OOM killer or a container limit sees). */
const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

/**
 * Streams `total` bytes of an unsigned POST /slack/events in 64 KB writes, honouring back-pressure, and
 * resolves with the status as soon as the bot answers (it may answer before the body is sent) and how
 * much had been written by then.
 */
function streamUnsigned(port: number, total: number, declareLength: boolean) {
  return new Promise<{ status: number; written: number }>((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/slack/events',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(declareLength ? { 'content-length': String(total) } : {}),
      },
    });
    req.on('response', (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, written });
      req.destroy();
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = (): void => {
      while (written < total && !answered) {
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('POST /slack/events body limit', () => {
  let run: Run;
  let port: number;
  beforeAll(async () => {
    run = runMain('web', {});
    await waitForOutput(run, 'ec2-ops-bot started', 45_000);
    port = Number(/"port":(\d+)/.exec(run.out())?.[1]);
    // Warm both answers' code paths (401 for a small unsigned body, 413 past the limit) so the growth
    // measured below is what a request holds, not code loaded or compiled on first use.
    expect((await streamUnsigned(port, 64 * 1024, true)).status).toBe(401);
    expect((await streamUnsigned(port, SLACK_BODY_LIMIT + MB, true)).status).toBe(413);
    expect((await streamUnsigned(port, SLACK_BODY_LIMIT + MB, false)).status).toBe(413);
  });
  afterAll(async () => {
    run.child.kill('SIGTERM');
    await run.exit;
  });

  it.each([
    ['with Content-Length', true],
    ['chunked, no Content-Length', false],
  ])('a 10 MB unsigned POST (%s) gets 413 and the RSS stays within a few MB', async (_label, declare) => {
    const pid = run.child.pid!;
    /** One request: its answer, how much was written before it, and the RSS growth seen meanwhile. */
    const once = async () => {
      const before = rssMb(pid);
      const samples: number[] = [];
      const timer = setInterval(() => samples.push(rssMb(pid)), 5);
      const { status, written } = await streamUnsigned(port, 10 * MB, declare);
      // After the answer: keep sampling until the bot has served another request (it is not stuck).
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      for (let i = 0; i < 20; i++) samples.push(rssMb(pid), rssMb(pid));
      clearInterval(timer);
      const peak = Math.max(before, ...samples);
      process.stdout.write(
        `body limit (${_label}): ${status} after ${(written / MB).toFixed(1)} MB written; ` +
          `RSS before ${before.toFixed(1)} MB, peak ${peak.toFixed(1)} MB (+${(peak - before).toFixed(1)}), ` +
          `${samples.length} samples\n`,
      );
      return { status, written, growth: peak - before };
    };
    // Three tries: the process's RSS also moves with unrelated work (GC, allocator, timers), by up to
    // ~15 MB between samples on a loaded machine, so the smallest growth of three is taken as what one
    // such request costs. Each try must be refused before the client finished writing: the bot never
    // read the body to its end.
    const tries = [await once(), await once(), await once()];
    for (const t of tries) {
      expect(t.status).toBe(413);
      expect(t.written).toBeLessThan(10 * MB);
    }
    // At most the limit's worth of chunks plus slack. Without the limit the same request grew the RSS
    // by 20-29 MB and was read to its end.
    expect(Math.min(...tries.map((t) => t.growth))).toBeLessThan(SLACK_BODY_LIMIT / MB + 6);
  });
});
