import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { startWorker, type WorkerHandle } from '../../src/worker';
import { accountsYaml, STAGING } from '../helpers/accountsConfig';
import { startTestBot, type TestBot } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { until } from '../helpers/ops';
import { REDIS_URL } from '../helpers/redis';

/**
 * Graceful shutdown under load (issue 8): a real worker process (src/main.ts worker) gets SIGTERM while
 * operations run. It must finish what it runs, take nothing new, exit 0; a second worker takes the rest.
 * No job lost, none run twice (each completes on its first attempt), every instance ends running.
 */
jest.setTimeout(120_000);

const CONFIG = accountsYaml({
  accounts: {
    staging: {
      id: STAGING,
      regions: ['us-east-1'],
      alert_channel: 'C0STAGEALERT',
      operators: ['U0ALICE'],
      approvers: ['U0ALICE'],
      approval: { required_for: [] },
    },
  },
});

let moto: Moto;
let bot: TestBot;
let queryWorker: WorkerHandle | undefined;
let second: WorkerHandle | undefined;
let child: ChildProcess | undefined;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({ name: 'shutdown', config: CONFIG, worker: false, env: { OPS_POLL_MS: '200' } });
  queryWorker = startWorker(bot.deps, { redisUrl: REDIS_URL, queues: ['query'] });
});
afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await second?.close();
  await queryWorker?.close();
  await bot?.close();
  await moto?.stop();
});

function startWorkerProcess(): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ec2bot-shutdown-'));
  writeFileSync(path.join(dir, 'accounts.yml'), CONFIG);
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
    env: {
      ...process.env,
      REDIS_URL,
      EC2BOT_REDIS_PREFIX: bot.settings.redisPrefix,
      EC2BOT_CONFIG: path.join(dir, 'accounts.yml'),
      OPS_POLL_MS: '200',
      LOG_LEVEL: 'info',
      // the fake Slack: with slack.com unreachable each result message would be retried through an
      // "outage" until the drain deadline
      SLACK_API_URL: bot.settings.slackApiUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d) => (out += d));
  proc.stderr?.on('data', (d) => (out += d));
  // Listen from the start: the process may exit before the test gets to wait for it.
  const exit = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { child: proc, output: () => out, exit };
}

async function recover(ids: string[]): Promise<void> {
  for (const id of ids) {
    const res = await bot.command(`recover staging ${id}`, { user: 'U0ALICE', channel: 'C0OPS' });
    expect(res.status).toBe(200);
  }
}

const opsJobs = async () =>
  (await bot.deps.queues.get('ops').getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).filter(
    (j) => j.name === 'recover',
  );

it('SIGTERM while operations run: running ones finish, the rest wait for another worker, none twice', async () => {
  const worker = startWorkerProcess();
  child = worker.child;
  await until(async () => worker.output().includes('ec2-ops-bot started'), 'worker process started', 30_000);
  const first = await moto.launch(STAGING, 'us-east-1', { count: 6 });
  await recover(first);
  await until(
    async () => (await bot.deps.queues.get('ops').getActiveCount()) > 0,
    'an operation running',
    30_000,
  );

  child.kill('SIGTERM');
  // Work that arrives while the worker drains must wait for another worker, not be lost.
  const late = await moto.launch(STAGING, 'us-east-1', { count: 4 });
  await recover(late);
  const code = await worker.exit;
  if (code !== 0) console.log(worker.output().slice(-5000));
  expect(code).toBe(0);
  expect(worker.output()).toContain('"msg":"stopped"');
  expect(await bot.deps.queues.get('ops').getActiveCount()).toBe(0);

  second = startWorker(bot.deps, { redisUrl: REDIS_URL, queues: ['ops'] });
  await until(
    async () => {
      const jobs = await opsJobs();
      return (
        jobs.length === 10 &&
        (await Promise.all(jobs.map((j) => j.getState()))).every((s) => s === 'completed')
      );
    },
    'all ten operations completed',
    60_000,
  );
  const jobs = await opsJobs();
  expect(jobs.map((j) => j.attemptsMade)).toEqual(Array(10).fill(1));
  // Started once each: a job the closing worker had been running was not handed to the second one.
  expect(jobs.map((j) => j.attemptsStarted)).toEqual(Array(10).fill(1));
  const ec2 = await moto.ec2(STAGING, 'us-east-1');
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [...first, ...late] }));
  const states = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name);
  expect(states).toEqual(Array(10).fill('running'));
});
