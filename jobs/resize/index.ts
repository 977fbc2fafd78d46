import { UnrecoverableError } from 'bullmq';
import { ec2ResizeOps, type ResizeEc2 } from '../../src/aws/resizeOps';
import type { Deps } from '../../src/deps';
import { AppError, ErrorCode, userFacing } from '../../src/errors';
import { defineJob, type JobContext } from '../../src/jobDefinition';
import { InstanceLock } from '../../src/ops/lock';
import { resizeDryRun } from '../../src/ops/resizeDryRun';
import { QUEUE } from '../../src/queues';
import { resizeDryRunText, resizeOutcomeView } from '../../src/views/resize';
import { DEFAULT_TIMING, makeCtx, type ResizeCtx, type ResizeTiming } from './context';
import { runResize, willRetry } from './run';
import { type ResizePayload, resizePayload } from './schema';

export interface ResizeJobOptions {
  timing?: ResizeTiming;
  /** Replaces the SDK adapter (unit tests of the step machine). */
  ops?: (deps: Deps, data: ResizePayload) => ResizeEc2;
}

const ROLLBACK_FAILED = 'resize and rollback both failed';

function defaultOps(deps: Deps, data: ResizePayload): ResizeEc2 {
  const account = deps.config.accounts.get(data.account);
  if (!account) throw new AppError(ErrorCode.UnknownAccount, `Unknown account ${data.account}.`);
  // Role session name carries requester and approver (CloudTrail shows who asked and who approved).
  const ec2 = deps.aws.ec2(account, data.region, { requester: data.requester, approver: data.approver });
  return ec2ResizeOps(ec2, account.alias, data.region);
}

/** The plan message to thread progress into; posted here when the caller gave none. */
async function ensureMessage(ctx: ResizeCtx): Promise<void> {
  const { data } = ctx;
  if (!data.channel || data.messageTs || ctx.state.messageTs) return;
  const m = await ctx.deps.notifier.post(data.channel, {
    text: `Resizing \`${data.instanceId}\` in ${data.account}/${data.region} to ${ctx.target}…`,
  });
  await ctx.save({ messageTs: m.ts });
}

async function execute(ctx: ResizeCtx, lock: InstanceLock) {
  const { data } = ctx;
  const held = await lock.acquire(data.account, data.region, data.instanceId, {
    op: 'resize',
    user: data.requester,
    startedAt: ctx.deps.now().toISOString(),
    jobId: ctx.jobId,
  });
  if (!held.ok) {
    const busy = new AppError(
      ErrorCode.Busy,
      `Another operation (${held.holder.op} by <@${held.holder.user}>) is running on ${data.instanceId}.`,
    );
    await ctx.say(`:lock: ${userFacing(busy, data.correlationId)}`);
    throw busy;
  }
  let keepLock = false;
  try {
    await ensureMessage(ctx);
    const out = await runResize(ctx);
    await ctx.audit('done', out.kind, { amiId: out.amiId, before: out.beforeType, to: out.targetType });
    const ts = ctx.state.messageTs ?? data.messageTs;
    if (data.channel && ts)
      await ctx.deps.notifier
        .update(data.channel, ts, resizeOutcomeView(out))
        .catch((err) => ctx.log.warn({ err }, 'could not update the plan message'));
    await ctx.say(resizeOutcomeView(out).text);
    // Reported in the thread already; the job fails for good (a blind retry could make it worse).
    if (out.kind === 'rollback-failed') throw new UnrecoverableError(ROLLBACK_FAILED);
    return out;
  } catch (err) {
    keepLock = willRetry(ctx, err);
    if (!keepLock && !(err instanceof UnrecoverableError && err.message === ROLLBACK_FAILED))
      await ctx.say(`:x: ${userFacing(err, data.correlationId)}`);
    throw err;
  } finally {
    if (!keepLock) await lock.release(data.account, data.region, data.instanceId, ctx.jobId);
  }
}

/** Builds the `ops`/`resize` job (options for tests; JOBS uses the defaults). */
export function createResizeJob(opts: ResizeJobOptions = {}) {
  return defineJob({
    queue: QUEUE.ops,
    name: 'resize',
    schema: resizePayload,
    create: (deps) => {
      const lock = new InstanceLock(deps.redis, deps.keyPrefix);
      return async (data: ResizePayload, { job, log }: JobContext) => {
        const ops = (opts.ops ?? defaultOps)(deps, data);
        const ctx = makeCtx(deps, job, data, log, ops, opts.timing ?? DEFAULT_TIMING);
        if (data.dryRun) {
          const checks = await resizeDryRun(ops, data.instanceId, ctx.target);
          await ctx.say(resizeDryRunText(checks));
          return { kind: 'dry-run', checks };
        }
        return execute(ctx, lock);
      };
    },
  });
}

/** Approved resize (DESIGN.md §5): stop → AMI backup → ENA → type → start → checks; rollback on failure. */
export const resizeJob = createResizeJob();
