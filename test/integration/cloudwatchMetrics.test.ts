/**
 * The worker's CloudWatch metrics (embedded metric format lines), from a real worker on the real Redis:
 * the queue depth the stack scales on, the live workers the no-heartbeat alarm reads, and failed jobs
 * counted once per job that failed for good (a failure that is retried and then succeeds is not one).
 */
import { z } from 'zod';
import { basePayload } from '../../src/jobs/payload';
import { QUEUE } from '../../src/jobs/queues';
import { CLOUDWATCH_DIMENSION, CLOUDWATCH_METRICS } from '../../src/process/cloudwatchMetrics';
import { defineJob } from '../../src/process/jobDefinition';
import { startWorker, type WorkerHandle } from '../../src/worker';
import { startTestBot, type TestBot } from '../helpers/bot';
import { jobFinished } from '../helpers/jobs';
import { until } from '../helpers/ops';

jest.setTimeout(120_000);

let bot: TestBot;
let worker: WorkerHandle | undefined;
const lines: string[] = [];
type Line = Record<string, any>;
const parsed = (): Line[] => lines.map((l) => JSON.parse(l) as Line);

const fails = defineJob({
  queue: QUEUE.query,
  name: 'cw-fails',
  schema: basePayload.extend({ times: z.number() }),
  create:
    () =>
    async (data, { job }) => {
      if (job.attemptsMade < data.times) throw new Error('boom');
      return 'ok';
    },
});

beforeAll(async () => {
  bot = await startTestBot({ name: 'cloudwatch', worker: false });
});
afterAll(async () => {
  await worker?.close();
  await bot?.close();
});

const waitFor = (what: string, ok: () => boolean, timeoutMs = 60_000): Promise<true> =>
  until(async () => ok(), what, timeoutMs).catch((err: Error) => {
    throw new Error(`${err.message}; lines: ${lines.join('')}`);
  });

it('publishes waiting jobs, live workers and final failures as EMF lines the stack can read', async () => {
  // Three jobs on a queue no worker of this test takes: they stay waiting.
  const ops = bot.deps.queues.get(QUEUE.ops);
  for (const i of [1, 2, 3]) await ops.add('cw-parked', { correlationId: `parked-${i}` });
  worker = startWorker(bot.deps, {
    ...bot.settings,
    jobs: [fails],
    queues: [QUEUE.query],
    cloudwatch: { namespace: 'ec2bot-test', everyMs: 100, write: (l) => lines.push(l) },
  });
  const query = bot.deps.queues.get(QUEUE.query);
  await query.add('cw-fails', { correlationId: 'doomed', times: 9 }, { jobId: 'doomed', attempts: 2 });
  await query.add('cw-fails', { correlationId: 'recovers', times: 1 }, { jobId: 'recovers', attempts: 2 });
  expect(await jobFinished(bot, QUEUE.query, 'doomed')).toBe('failed');
  expect(await jobFinished(bot, QUEUE.query, 'recovers')).toBe('completed');
  // Every queue counts: the worker's start also queued its sweep on `schedules`, which no worker here takes.
  const schedules = await bot.deps.queues.get(QUEUE.schedules).getWaitingCount();
  const seen = lines.length;
  await waitFor('a line after both jobs ended', () => lines.length > seen);

  const all = parsed();
  const last = all.at(-1)!;
  expect(last[CLOUDWATCH_METRICS.waiting]).toBe(3 + schedules);
  expect(last[CLOUDWATCH_METRICS.workers]).toBe(1);
  // Two failed attempts happened (one per job); one job failed for good.
  expect(all.reduce((n, l) => n + l[CLOUDWATCH_METRICS.failed], 0)).toBe(1);

  // The embedded metric format: every metric and dimension the directive names is a root member.
  for (const line of lines) expect(line.endsWith('}\n') && !line.slice(0, -1).includes('\n')).toBe(true);
  const directive = last._aws.CloudWatchMetrics[0];
  expect(directive.Namespace).toBe('ec2bot-test');
  expect(typeof last._aws.Timestamp).toBe('number');
  for (const { Name } of directive.Metrics) expect(typeof last[Name]).toBe('number');
  for (const key of directive.Dimensions[0]) expect(last[key]).toBe((CLOUDWATCH_DIMENSION as any)[key]);
});

it('after the worker stops, no line is written (the no-heartbeat alarm reads silence as breaching)', async () => {
  await worker?.close();
  worker = undefined;
  const seen = lines.length;
  // Silence is shown against a witness: a second worker publishing at the same 100 ms interval in this
  // process. Once it has written ten lines, the stopped worker's timer would have fired as often.
  const witness: string[] = [];
  const other = startWorker(bot.deps, {
    ...bot.settings,
    jobs: [fails],
    queues: [QUEUE.query],
    cloudwatch: { namespace: 'ec2bot-test', everyMs: 100, write: (l) => witness.push(l) },
  });
  try {
    await waitFor('ten lines from the witness worker', () => witness.length >= 10);
  } finally {
    await other.close();
  }
  expect(lines.length).toBe(seen);
});
