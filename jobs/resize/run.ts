import { awsErrorName } from '../../src/aws/errors';
import { AppError } from '../../src/errors';
import { isUnrecoverable } from '../../src/jobRunner';
import type { ResizeOutcome } from '../../src/views/resize';
import type { ResizeCtx } from './context';
import { runRollbackSteps } from './rollback';
import { RESIZE_STEPS } from './schema';
import { STEP_RUNNERS, StepFailed } from './steps';

/** Safe words for a failure: our reason, our user message, or the AWS error name — never err.message. */
export function failureText(err: unknown, step: string): string {
  if (err instanceof StepFailed) return `${step}: ${err.reason}`;
  if (err instanceof AppError) return `${step}: ${err.userMessage ?? err.code}`;
  return `${step}: AWS answered ${awsErrorName(err)}`;
}

/** No capacity for the new type (or the type cannot run here): waiting does not help, the old type does. */
const ROLL_BACK_AT_ONCE = new Set([
  'InsufficientInstanceCapacity',
  'InsufficientCapacity',
  'InstanceLimitExceeded',
  'Unsupported',
  'VcpuLimitExceeded',
]);

/** Throttling, 5xx and network errors are retried by BullMQ (the run resumes) while attempts remain. */
export function willRetry(ctx: ResizeCtx, err: unknown): boolean {
  if (err instanceof StepFailed || isUnrecoverable(err) || ROLL_BACK_AT_ONCE.has(awsErrorName(err)))
    return false;
  return ctx.job.attemptsMade + 1 < (ctx.job.opts.attempts ?? 1);
}

const elapsed = (ctx: ResizeCtx): number =>
  ctx.state.startedAt ? ctx.deps.now().getTime() - Date.parse(ctx.state.startedAt) : 0;

function outcome(
  ctx: ResizeCtx,
  kind: ResizeOutcome['kind'],
  extra: Partial<ResizeOutcome> = {},
): ResizeOutcome {
  return {
    kind,
    account: ctx.data.account,
    region: ctx.data.region,
    instanceId: ctx.data.instanceId,
    beforeType: ctx.state.beforeType ?? '?',
    targetType: ctx.target,
    amiId: ctx.state.amiId,
    elapsedMs: elapsed(ctx),
    requester: ctx.data.requester,
    approver: ctx.data.approver,
    failure: ctx.state.rollback?.reason,
    ...extra,
  };
}

async function rollback(ctx: ResizeCtx): Promise<ResizeOutcome> {
  const failed = ctx.state.rollback?.failedStep;
  if (failed === 'stop') return outcome(ctx, 'failed');
  await ctx.say(`:warning: ${ctx.state.rollback?.reason}. Rolling back…`);
  let rbFailure: string | undefined;
  await runRollbackSteps(ctx, (err, step) => {
    if (willRetry(ctx, err)) throw err;
    rbFailure = failureText(err, `rollback ${step}`);
    throw new StepFailed(rbFailure);
  }).catch((err) => {
    if (!(err instanceof StepFailed)) throw err;
  });
  if (rbFailure) return outcome(ctx, 'rollback-failed', { rollbackFailure: rbFailure });
  const changed = RESIZE_STEPS.indexOf(failed as never) > RESIZE_STEPS.indexOf('ena');
  return outcome(ctx, changed ? 'rolled-back' : 'failed');
}

/** The step machine: resumes at the saved step; a failure after the first stop rolls back. */
export async function runResize(ctx: ResizeCtx): Promise<ResizeOutcome> {
  if (ctx.state.rollback) return rollback(ctx);
  for (let i = RESIZE_STEPS.indexOf(ctx.state.step ?? 'prepare'); i < RESIZE_STEPS.length; i++) {
    const step = RESIZE_STEPS[i]!;
    if (step === 'done') break;
    try {
      await STEP_RUNNERS[step](ctx);
    } catch (err) {
      if (step === 'prepare' || willRetry(ctx, err)) throw err;
      ctx.log.warn({ err, step }, 'resize step failed; rolling back');
      await ctx.save({ rollback: { reason: failureText(err, step), failedStep: step } });
      return rollback(ctx);
    }
    await ctx.save({ step: RESIZE_STEPS[i + 1] });
  }
  return outcome(ctx, 'done', { failure: undefined });
}
