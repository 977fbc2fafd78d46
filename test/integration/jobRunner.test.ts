import { z } from 'zod';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { basePayload } from '../../src/jobs/payload';
import { QUEUE } from '../../src/jobs/queues';
import { defineJob } from '../../src/process/jobDefinition';
import { startWorker, type WorkerHandle } from '../../src/worker';
import { startTestBot, type TestBot } from '../helpers/bot';

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
  for (let i = 0; i < 200; i++) {
    const job = await q.getJob(id);
    const state = await job?.getState();
    if (state === 'completed' || state === 'failed') return { job: job!, state, responseUrl };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

describe('job runner', () => {
  it('retries throttling and succeeds without telling the user', async () => {
    const { state } = await runJob('throttled', 'RequestLimitExceeded', 2);
    expect(state).toBe('completed');
    expect(attempts.get('throttled')).toBe(3);
    expect(bot.slack.calls.filter((c) => c.responseId === 'throttled')).toHaveLength(0);
  });

  it('fails AccessDenied at once: one attempt, a safe message with code and correlation id', async () => {
    const { state } = await runJob('denied', 'UnauthorizedOperation', 5);
    expect(state).toBe('failed');
    expect(attempts.get('denied')).toBe(1);
    const answer = await bot.slack.waitFor((calls) => calls.find((c) => c.responseId === 'denied'));
    expect(answer.body.text).toContain('AWS_ACCESS_DENIED');
    expect(answer.body.text).toContain("the bot's role lacks a permission");
    expect(answer.body.text).toContain('ref cid-denied');
    expect(answer.body.text).not.toContain('secret internals');
  });

  it('shows an AppError user message and does not retry it', async () => {
    const { state } = await runJob('unknown', 'app', 5);
    expect(state).toBe('failed');
    expect(attempts.get('unknown')).toBe(1);
    const answer = await bot.slack.waitFor((calls) => calls.find((c) => c.responseId === 'unknown'));
    expect(answer.body.text).toBe(':x: No instance i-0abc in prod. (UNKNOWN_INSTANCE, ref cid-unknown)');
  });

  it('answers once after the last retry of a transient error, without its text', async () => {
    const { state } = await runJob('flapping', 'InternalError', 10);
    expect(state).toBe('failed');
    expect(attempts.get('flapping')).toBe(3);
    const answers = bot.slack.calls.filter((c) => c.responseId === 'flapping');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body.text).toContain('AWS_UNAVAILABLE');
    expect(answers[0]!.body.text).not.toContain('secret internals');
  });

  it('refuses an invalid payload without running it', async () => {
    const q = bot.deps.queues.get(QUEUE.query);
    await q.add('flaky', { nonsense: true }, { jobId: 'invalid', attempts: 3 });
    for (let i = 0; i < 100 && (await (await q.getJob('invalid'))?.getState()) !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const job = await q.getJob('invalid');
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(1);
    expect(attempts.get('invalid')).toBeUndefined();
  });
});
