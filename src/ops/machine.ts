import type { Job } from 'bullmq';
import { noteOperationOutcome } from '../alerts/operationOutcome';
import { isOperation } from '../config/operations';
import type { Deps } from '../deps';
import type { OpRef } from '../domain/opRef';
import { AppError, asAppError, ErrorCode, safeText } from '../errors/appError';
import type { OpJobData } from '../jobs/opJob';
import type { JobContext } from '../process/jobDefinition';
import { type ResultView, resultMessage } from '../views/operation';
import { CATALOG, opName } from './catalog';
import { FORCE_STOP_START_CONFIRM } from './catalog/forceStop';
import { clearInFlight, inFlightTags } from './inFlight';
import { busyText, InstanceLock } from './lock';
import { paramsOf } from './request';
import type { AnyOperationSpec, RunResult, Step, StepContext } from './spec';
import { stepContext, threadOf } from './stepContext';

type Ctx = StepContext & { replies: Promise<unknown> };

const lastAttempt = (job: Job): boolean => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
const where = (d: OpJobData) => ({ account: d.account, instanceId: d.instanceId });

/**
 * The one step machine every mutating job runs (docs/architecture.md §5). A per-instance (or per-account) lock
 * owned by the job id; after each step, `step` and the outputs are saved with job.updateData so a
 * retry or another worker resumes where the last one stopped, reading AWS first. A step that fails
 * for good at or after `spec.rollback.from` runs the rollback steps (resumable too). Progress goes in
 * the thread; the result replaces the plan message — once, whether it ended done or failed.
 */
export function runOperation(spec: AnyOperationSpec, deps: Deps) {
  const lock = new InstanceLock(deps.redis, deps.keyPrefix);
  return async (data: OpJobData, { job, log }: JobContext): Promise<Record<string, unknown>> => {
    const account = deps.config.accounts.get(data.account);
    if (!account)
      throw new AppError(ErrorCode.UnknownAccount, `Account ${data.account} is no longer configured.`);
    if (!data.startedAt) {
      data.startedAt = deps.now().toISOString();
      await job.updateData({ ...job.data, startedAt: data.startedAt });
    }
    const ctx = stepContext(deps, job, data, account, log);
    const scope = spec.lock ?? { region: data.region ?? '', id: data.instanceId ?? '' };
    const release = () => lock.release(data.account, scope.region, scope.id, ctx.jobId);
    try {
      data.params = jobParams(spec, data);
      const held = await lock.acquire(data.account, scope.region, scope.id, {
        op: spec.name,
        label: opName(spec.name, data.label),
        user: data.requester,
        startedAt: deps.now().toISOString(),
        jobId: ctx.jobId,
      });
      if (!held.ok) {
        throw new AppError(ErrorCode.Busy, `The instance is busy: ${busyText(held.holder)}.`, {
          people: [held.holder.user],
        });
      }
      await mark(spec, ctx, job);
      const result = data.rollback ? await rollback(spec, ctx, job) : await forward(spec, ctx, job);
      await finish(spec, ctx, job, result);
      await release();
      if (result.outcome === 'rollback-failed') {
        const err = new AppError(ErrorCode.Precondition, result.rollbackFailure);
        err.reported = true;
        throw err;
      }
      return { outcome: result.outcome, failure: result.failure, ...ctx.outputs };
    } catch (raw) {
      const err = asAppError(raw, spec.name, where(data));
      if (err.reported) throw err;
      if (await vanished(job)) {
        // Redis lost its data under this run: the data-loss recovery salvages it from the in-flight tag.
        log.warn({ err }, 'job gone from Redis mid-run: leaving the instance to the salvage');
        throw err;
      }
      if (err.unrecoverable || lastAttempt(job)) {
        err.reported = await finish(spec, ctx, job, {
          outcome: 'failed',
          data,
          outputs: ctx.outputs,
          failure: safe(err),
          offer: err.offer,
        });
        await release(); // compare-and-delete: a lock held by another job stays
      }
      throw err;
    }
  };
}

/**
 * The job's params as its spec's schema reads them: they come back from Redis, so they are checked
 * here, once, before a step reads them typed. A rollback salvaged without the job's data
 * (src/ops/salvage.ts) has none to check: its steps see them `Partial` (src/ops/spec.ts).
 */
function jobParams(spec: AnyOperationSpec, d: OpJobData): Record<string, unknown> {
  if (d.rollback && !spec.params.safeParse(d.params).success) return d.params;
  return paramsOf(spec, d);
}

/** The job's record is gone from Redis (a data loss): nothing it would write could be saved. */
async function vanished(job: Job): Promise<boolean> {
  try {
    return (await job.getState()) === 'unknown';
  } catch {
    return false; // Redis not answering is not a loss
  }
}

/** The failure text users see (unescaped: the result view escapes it; the ref is shown beside it). */
const safe = (err: AppError): string => safeText(err);

/** Destructive instance operations leave a record on the instance while they run (src/ops/inFlight.ts). */
const marks = (spec: AnyOperationSpec, d: OpJobData): boolean =>
  spec.destructive && spec.scope === 'instance' && !!d.instanceId;

async function mark(spec: AnyOperationSpec, ctx: Ctx, job: Job): Promise<void> {
  const d = ctx.data;
  if (!marks(spec, d) || d.marked) return;
  // What the instance was before the first change (a resumed run keeps the record its first run set).
  const before = d.salvage ? undefined : await ctx.ec2.describe(d.instanceId ?? '').catch(() => undefined);
  const tags = inFlightTags({
    op: spec.name,
    jobId: ctx.jobId,
    channel: d.channel,
    messageTs: d.messageTs ?? d.threadTs,
    requester: d.requester,
    before: before && { state: before.state, type: before.type },
  });
  await ctx.call('CreateTags', () => ctx.ec2.tagInstance(d.instanceId ?? '', tags));
  d.marked = true;
  await job.updateData({ ...job.data, marked: true });
}

function resumed(job: Job, data: OpJobData): boolean {
  return (
    !!data.salvage || job.attemptsMade > 0 || (job.attemptsStarted ?? 1) > 1 || (job.stalledCounter ?? 0) > 0
  );
}

async function runStep(ctx: Ctx, job: Job, step: Step, mayHaveRun: boolean): Promise<void> {
  ctx.mayHaveRun = mayHaveRun;
  if (step.once && job.data.pending === step.name) {
    ctx.log.warn({ step: step.name }, 'once-only step may have run before a crash: not repeating it');
    return;
  }
  if (step.once) await job.updateData({ ...job.data, pending: step.name });
  Object.assign(ctx.outputs, (await step.run(ctx)) ?? {});
}

const doneLine = (step: Step, outputs: Record<string, unknown>): string | undefined =>
  typeof step.done === 'function' ? step.done(outputs) : step.done;

async function forward(spec: AnyOperationSpec, ctx: Ctx, job: Job): Promise<RunResult> {
  const steps = spec.steps(ctx.data, ctx.account);
  // Progress is numbered over the steps that report one (reads like `read-before` say nothing).
  const shown = steps.filter((s) => s.done !== undefined);
  const resumeAt = ctx.data.step ?? 0;
  for (let i = resumeAt; i < steps.length; i++) {
    const step = steps[i] as Step;
    try {
      await runStep(ctx, job, step, resumed(job, ctx.data) && i === resumeAt);
    } catch (raw) {
      const err = asAppError(raw, step.label ?? step.name, where(ctx.data));
      const from = spec.rollback ? steps.findIndex((s) => s.name === spec.rollback?.from) : -1;
      if (!(err.unrecoverable || lastAttempt(job)) || from < 0 || i < from) throw err;
      ctx.log.warn({ err, step: step.name }, 'step failed for good: rolling back');
      const rb = { reason: safe(err), failedStep: step.name, step: 0, offer: err.offer && [...err.offer] };
      ctx.data.rollback = rb;
      await job.updateData({ ...job.data, outputs: ctx.outputs, rollback: rb });
      ctx.note(`:warning: ${rb.reason}. Rolling back…`);
      return rollback(spec, ctx, job);
    }
    await job.updateData({ ...job.data, step: i + 1, outputs: ctx.outputs, pending: undefined });
    await audit(ctx, 'step', step.name, 'ok');
    const line = doneLine(step, ctx.outputs);
    if (line) ctx.note(`${shown.indexOf(step) + 1}/${shown.length} ${line}`);
  }
  return { outcome: 'done', data: ctx.data, outputs: ctx.outputs };
}

async function rollback(spec: AnyOperationSpec, ctx: Ctx, job: Job): Promise<RunResult> {
  const rb = ctx.data.rollback as NonNullable<OpJobData['rollback']>;
  const steps = spec.rollback?.steps ?? [];
  const base = {
    data: ctx.data,
    outputs: ctx.outputs,
    failure: rb.reason,
    failedStep: rb.failedStep,
    offer: rb.offer,
  };
  const resumeAt = rb.step ?? 0;
  for (let i = resumeAt; i < steps.length; i++) {
    const step = steps[i] as Step;
    try {
      await runStep(ctx, job, step, resumed(job, ctx.data) && i === resumeAt);
    } catch (raw) {
      const err = asAppError(raw, `rollback ${step.label ?? step.name}`, where(ctx.data));
      if (!(err.unrecoverable || lastAttempt(job))) throw err; // the job retries and resumes the rollback
      return { ...base, outcome: 'rollback-failed', rollbackFailure: `${step.name}: ${safe(err)}` };
    }
    rb.step = i + 1;
    await job.updateData({ ...job.data, outputs: ctx.outputs, rollback: rb, pending: undefined });
    await audit(ctx, 'step', step.name, 'ok');
    const line = doneLine(step, ctx.outputs);
    if (line) ctx.note(`:leftwards_arrow_with_hook: ${line}`);
  }
  return { ...base, outcome: 'rolled-back' };
}

/**
 * The buttons a failed run offers (a stop stuck in `stopping` → Force stop): one stored OpRef each,
 * checked against the operation names; the confirm dialog says what the offered operation does. A Force
 * stop offered by a stop + start (recover, resize) finishes it: "Force stop + start" starts the instance
 * again and waits for all three status checks (src/ops/operations/forceStop.ts).
 */
async function offerButtons(spec: AnyOperationSpec, ctx: Ctx, r: RunResult): Promise<ResultView['offers']> {
  const d = ctx.data;
  const { instanceId, region } = d;
  if (!r.offer?.length || !instanceId || !region) return undefined;
  const ops = r.offer.filter(isOperation);
  return Promise.all(
    ops.map(async (op) => {
      const thenStart = op === 'force-stop' && (spec.stops === 'stop-start' || spec.stops === 'resize');
      const label = thenStart ? `${CATALOG[op].label} + start` : CATALOG[op].label;
      return {
        label,
        confirm: thenStart
          ? FORCE_STOP_START_CONFIRM
          : (CATALOG[op].offerConfirm ?? `${CATALOG[op].label} ${instanceId}.`),
        refId: await ctx.deps.refs.put({
          kind: 'op',
          op,
          account: d.account,
          region,
          instanceId,
          channel: d.channel,
          origin: { kind: 'command' },
          ...(thenStart ? { thenStart, label } : {}),
        } satisfies OpRef),
      };
    }),
  );
}

const audit = (ctx: Ctx, kind: string, action: string, result: string): Promise<void> => {
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
    detail: { jobId: ctx.jobId, label: d.label },
  });
};

/**
 * Audits the outcome and replaces the plan message (or the run's own message) with the result; with
 * no message to replace, posts it. True when the user was told.
 */
async function finish(spec: AnyOperationSpec, ctx: Ctx, job: Job, r: RunResult): Promise<boolean> {
  const d = ctx.data;
  await ctx.replies;
  await audit(ctx, 'operation', spec.name, r.outcome === 'done' ? 'ok' : r.outcome);
  const msg = resultMessage({
    op: opName(spec.name, d.label),
    title: d.title,
    account: d.account,
    region: d.region,
    instanceId: d.instanceId,
    requester: d.requester,
    approver: d.approver,
    outcome: r.outcome,
    detail: spec.summary(r) ?? r.failure ?? '',
    ref: d.correlationId,
    ms: ctx.deps.now().getTime() - Date.parse(d.startedAt ?? ctx.deps.now().toISOString()),
    offers: await offerButtons(spec, ctx, r),
  });
  const ts = d.messageTs ?? (typeof ctx.outputs.messageTs === 'string' ? ctx.outputs.messageTs : undefined);
  const told = !d.channel
    ? false
    : await (ts
        ? ctx.deps.notifier.update(d.channel, ts, msg)
        : ctx.deps.notifier.post(d.channel, { ...msg, thread_ts: threadOf(d, ctx.outputs) })
      ).then(
        () => true,
        (err) => {
          ctx.log.warn({ err }, 'result message failed');
          return false;
        },
      );
  await job.updateData({ ...job.data, reportedAt: ctx.deps.now().toISOString() });
  if (d.marked && d.instanceId) await clearInFlight(ctx.ec2, d.instanceId, ctx.log);
  await noteAlert(spec, ctx, r, msg.text);
  return told;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * An operation started from an alert (its button, or the bot's auto-recover) reports to that alert:
 * the alert message says what happened and, when it worked, the alert closes (issue 14 point 8).
 * Best effort: the result message has already told the people who asked.
 */
async function noteAlert(spec: AnyOperationSpec, ctx: Ctx, r: RunResult, line: string): Promise<void> {
  const d = ctx.data;
  const alertId = (d.origin?.kind === 'alert' || d.origin?.kind === 'auto') && d.origin.id;
  if (!alertId) return;
  const before = str(ctx.outputs.beforeIp);
  const after = str(ctx.outputs.afterIp);
  await noteOperationOutcome(ctx.deps, alertId, {
    op: spec.name,
    outcome: r.outcome === 'done' ? 'done' : 'failed',
    by: d.requester,
    approver: d.approver,
    at: ctx.deps.now(),
    summary: spec.summary(r) ?? r.failure ?? line,
    publicIp: before || after ? { before, after } : undefined,
    instanceId: d.instanceId,
  }).catch((err) => ctx.log.warn({ err, alertId }, 'alert not told of the operation outcome'));
}
