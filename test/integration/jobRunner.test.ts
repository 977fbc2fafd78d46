import { z } from 'zod';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { basePayload } from '../../src/jobs/payload';
import { QUEUE } from '../../src/jobs/queues';
import { defineJob } from '../../src/process/jobDefinition';
import { startWorker, type WorkerHandle } from '../../src/worker';
import { startTestBot, type TestBot } from '../helpers/bot';
import { until } from '../helpers/ops';

/** Errors shaped like the AWS SDK's: told apart by `name`. */
const awsError = (name: string): Error => Object.assign(new Error(`secret internals of ${name}`), { name });

let bot: TestBot;
let worker: WorkerHandle;
const attempts = new Map<string, number>();

const flaky = defineJob({
  queue: QUEUE.query,
  name: 'flaky',
  schema: basePayload.extend({ failWith: z.string(), failTimes: z.number() }),
  create:
    () =>
    async (data, { job }) => {
      attempts.set(String(job.id), (attempts.get(String(job.id)) ?? 0) + 1);
      if (job.attemptsMade < data.failTimes) {
        if (data.failWith === 'app')
          throw new AppError(ErrorCode.UnknownInstance, 'No instance i-0abc in prod.');
        throw awsError(data.failWith);
      }
      return 'done';
    },
});

beforeAll(async () => {
  bot = await startTestBot({ name: 'jobrunner', worker: false });
  worker = startWorker(bot.deps, { redisUrl: bot.settings.redisUrl, jobs: [flaky], queues: [QUEUE.query] });
});
afterAll(async () => {
  await worker?.close();
  await bot?.close();
});

async function runJob(id: string, failWith: string, failTimes: number) {
  const responseUrl = bot.slack.responseUrl(id);
  const q = bot.deps.queues.get(QUEUE.query);
  await q.add(
    'flaky',
    { correlationId: `cid-${id}`, responseUrl, failWith, failTimes },
    { jobId: id, attempts: 3, backoff: { type: 'fixed', delay: 50 } },
  );
  return until(async () => {
    const job = await q.getJob(id);
    const state = await job?.getState();
    return state === 'completed' || state === 'failed' ? { job: job!, state, responseUrl } : undefined;
  }, `job ${id} to finish`);
}

describe('job runner', () => {
  it('retries throttling and succeeds without telling the user', async () => {
    const { state } = await runJob('throttled', 'RequestLimitExceeded', 2);
    expect(state).toBe('completed');
    expect(attempts.get('throttled')).toBe(3);
    expect(bot.slack.calls.filter((c) => c.responseId === 'throttled')).toHaveLength(0);
  });

  /** The small context line under a failure: its reference id, and nothing else. */
  const refOf = (c: { body: any }): string =>
    c.body.blocks.find((b: any) => b.type === 'context').elements[0].text as string;

  it('fails AccessDenied at once: one attempt, a safe message in plain words, the ref apart', async () => {
    const { state } = await runJob('denied', 'UnauthorizedOperation', 5);
    expect(state).toBe('failed');
    expect(attempts.get('denied')).toBe(1);
    const answer = await bot.slack.waitFor((calls) => calls.find((c) => c.responseId === 'denied'));
    expect(answer.body.text).not.toContain('AWS_ACCESS_DENIED');
    expect(answer.body.text).toContain("the bot's role lacks a permission");
    expect(answer.body.text).not.toContain('cid-denied');
    expect(refOf(answer)).toBe('ref cid-denied');
    expect(JSON.stringify(answer.body)).not.toContain('secret internals');
  });

  it('shows an AppError user message and does not retry it', async () => {
    const { state } = await runJob('unknown', 'app', 5);
    expect(state).toBe('failed');
    expect(attempts.get('unknown')).toBe(1);
    const answer = await bot.slack.waitFor((calls) => calls.find((c) => c.responseId === 'unknown'));
    expect(answer.body.text).toBe(':x: No instance i-0abc in prod.');
    expect(answer.body.blocks[0].text.text).toBe(':x: No instance i-0abc in prod.');
    expect(refOf(answer)).toBe('ref cid-unknown');
  });

  it('answers once after the last retry of a transient error, without its text', async () => {
    const { state } = await runJob('flapping', 'InternalError', 10);
    expect(state).toBe('failed');
    expect(attempts.get('flapping')).toBe(3);
    const answers = bot.slack.calls.filter((c) => c.responseId === 'flapping');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body.text).toContain('AWS did not answer properly');
    expect(answers[0]!.body.text).not.toContain('AWS_UNAVAILABLE');
    expect(JSON.stringify(answers[0]!.body)).not.toContain('secret internals');
  });

  it('refuses an invalid payload without running it', async () => {
    const q = bot.deps.queues.get(QUEUE.query);
    await q.add('flaky', { nonsense: true }, { jobId: 'invalid', attempts: 3 });
    await until(
      async () => (await (await q.getJob('invalid'))?.getState()) === 'failed',
      'the invalid job to fail',
    );
    const job = await q.getJob('invalid');
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(1);
    expect(attempts.get('invalid')).toBeUndefined();
  });
});
