import type { Job } from 'bullmq';
import { type Ec2Ops, ec2Ops, type StatusChecks } from '../aws/ec2Ops';
import { awsErrorName } from '../aws/errors';
import type { Operation } from '../config/schema';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { AppError, ErrorCode, userFacing } from '../errors';
import type { JobContext } from '../jobDefinition';
import { isUnrecoverable } from '../jobRunner';
import type { Logger } from '../logger';
import { resultMessage } from '../views/operation';
import { awsFailure } from './awsFailure';
import type { OpJobData } from './jobSchema';
import { InstanceLock } from './lock';

export interface StepContext {
  deps: Deps;
  data: OpJobData;
  account: Account;
  ec2: Ec2Ops;
  log: Logger;
  jobId: string;
  outputs: Record<string, unknown>;
  /**
   * Could an earlier attempt (a retry, or a crashed worker) have done this step's side effect? Only the
   * step an attempt resumes at can: later steps never started. When false, a step need not read AWS first.
   */
  mayHaveRun: boolean;
  /** Progress replies still being posted (awaited before the result replaces the plan message). */
  replies: Promise<void>;
  /** The last status read in this attempt, dropped at every mutating call (saves a Describe per step). */
  lastChecks?: StatusChecks;
  /** A progress line in the thread now (long waits say they are still waiting); best effort, in order. */
  note(text: string): void;
  /** A mutating AWS call: audited (who, what, result) and its failure turned into a safe AppError. */
  call<T>(action: string, fn: () => Promise<T>): Promise<T>;
}

export interface Step {
  name: string;
  /** Progress line posted in the thread once the step is done. */
  done: string | ((out: Record<string, unknown>) => string);
  /**
   * A step whose effect AWS state cannot show (a reboot): marked pending before the call, and skipped
   * on resume if the mark is there — at most once rather than twice.
   */
  once?: boolean;
  /** Reads AWS state first so a retry never does the side effect twice. */
  run(ctx: StepContext): Promise<Record<string, unknown> | undefined>;
}

export interface OperationDef {
  op: Operation;
  steps: Step[];
  /** The EC2 DryRun check of the first mutating call (permission + validity, nothing changed). */
  dryRun(ec2: Ec2Ops, instanceId: string, params: Record<string, unknown>): Promise<void>;
  summary(outputs: Record<string, unknown>): string;
}

/**
 * Runs an operation as a step machine (DESIGN.md §5): per-instance lock owned by the job id; after each
 * step, `step` and outputs are saved with job.updateData so a retry or a new worker resumes where the
 * last one stopped. Progress goes in the plan message's thread; the result updates the message.
 */
export function runOperation(def: OperationDef, deps: Deps) {
  const lock = new InstanceLock(deps.redis, deps.keyPrefix);
  return async (data: OpJobData, { job, log }: JobContext): Promise<Record<string, unknown>> => {
    const account = deps.config.accounts.get(data.account);
    if (!account)
      throw new AppError(ErrorCode.UnknownAccount, `Account ${data.account} is no longer configured.`);
    const jobId = String(job.id);
    const started = Date.now();
    const ctx = stepContext(deps, data, account, jobId, log);
    const release = () => lock.release(data.account, data.region, data.instanceId, jobId);
    try {
      const held = await lock.acquire(data.account, data.region, data.instanceId, {
        op: def.op,
        user: data.requester,
        startedAt: deps.now().toISOString(),
        jobId,
      });
      if (!held.ok) {
        const h = held.holder;
        throw new AppError(ErrorCode.Busy, `busy: ${h.op} by ${h.user}, started ${h.startedAt}`);
      }
      await runSteps(def, ctx, job, data);
      await finish(deps, def, ctx, 'done', def.summary(ctx.outputs), Date.now() - started);
      await release();
      return ctx.outputs;
    } catch (raw) {
      const err = awsFailure(raw, def.op, { account: data.account, instanceId: data.instanceId });
      const final = isUnrecoverable(err) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final) {
        await finish(deps, def, ctx, 'failed', userFacing(err, data.correlationId), Date.now() - started);
        await release(); // compare-and-delete: a lock held by another job stays
      }
      throw err;
    }
  };
}

async function runSteps(def: OperationDef, ctx: StepContext, job: Job, data: OpJobData): Promise<void> {
  const resumeAt = data.step ?? 0;
  const resumed = job.attemptsMade > 0 || (job.attemptsStarted ?? 1) > 1 || (job.stalledCounter ?? 0) > 0;
  for (let i = resumeAt; i < def.steps.length; i++) {
    const step = def.steps[i] as Step;
    ctx.mayHaveRun = resumed && i === resumeAt;
    let out: Record<string, unknown> | undefined;
    if (step.once && job.data.pending === step.name) {
      ctx.log.warn({ step: step.name }, 'once-only step may have run before a crash: not repeating it');
    } else {
      if (step.once) await job.updateData({ ...job.data, pending: step.name });
      out = await step.run(ctx);
    }
    Object.assign(ctx.outputs, out ?? {});
    await job.updateData({ ...job.data, step: i + 1, outputs: ctx.outputs, pending: undefined });
    await audit(ctx, 'step', step.name, 'ok');
    const line = typeof step.done === 'function' ? step.done(ctx.outputs) : step.done;
    // In order, but off the critical path: the next step does not wait for Slack.
    ctx.replies = ctx.replies.then(() => progress(ctx, `${i + 1}/${def.steps.length} ${line}`));
  }
}

function stepContext(deps: Deps, data: OpJobData, account: Account, jobId: string, log: Logger): StepContext {
  const actor = { requester: data.requester, approver: data.approver };
  const ctx: StepContext = {
    deps,
    data,
    account,
    ec2: ec2Ops(deps.aws.ec2(account, data.region, actor)),
    log,
    jobId,
    outputs: { ...(data.outputs ?? {}) },
    mayHaveRun: true,
    replies: Promise.resolve(),
    note(text) {
      ctx.replies = ctx.replies.then(() => progress(ctx, text));
    },
    async call(action, fn) {
      ctx.lastChecks = undefined;
      try {
        const out = await fn();
        await audit(ctx, 'aws-call', action, 'ok');
        return out;
      } catch (err) {
        await audit(ctx, 'aws-call', action, `error ${awsErrorName(err)}`);
        throw awsFailure(err, action, { account: data.account, instanceId: data.instanceId });
      }
    },
  };
  return ctx;
}

function audit(ctx: StepContext, kind: string, action: string, result: string): Promise<void> {
  const d = ctx.data;
  return ctx.deps.audit.record({
    kind,
    actor: d.approver ? `${d.requester} (approved by ${d.approver})` : d.requester,
    action,
    account: d.account,
    region: d.region,
    instanceId: d.instanceId,
    result,
    correlationId: d.correlationId,
    detail: { jobId: ctx.jobId },
  });
}

/** Progress reply in the plan message's thread: best effort, an operation never fails on Slack. */
async function progress(ctx: StepContext, text: string): Promise<void> {
  const { channel, threadTs, messageTs } = ctx.data;
  const thread = threadTs ?? messageTs;
  if (!channel || !thread) return;
  await ctx.deps.notifier
    .post(channel, { text, thread_ts: thread })
    .catch((err) => ctx.log.warn({ err }, 'progress reply failed'));
}

async function finish(
  deps: Deps,
  def: OperationDef,
  ctx: StepContext,
  outcome: 'done' | 'failed',
  detail: string,
  ms: number,
): Promise<void> {
  const data = ctx.data;
  await ctx.replies;
  await audit(ctx, 'operation', def.op, outcome === 'done' ? 'ok' : 'failed');
  if (!data.channel || !data.messageTs) return;
  const msg = resultMessage({ ...data, op: def.op, outcome, detail, ms });
  await deps.notifier
    .update(data.channel, data.messageTs, msg)
    .catch((err) => ctx.log.warn({ err }, 'result update failed'));
}
