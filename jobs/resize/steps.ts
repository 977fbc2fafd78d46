import { preflight } from '../../src/domain/preflight';
import { AppError, ErrorCode } from '../../src/errors';
import { esc } from '../../src/views/text';
import { BACKUP_TAG, type ResizeCtx } from './context';
import type { ResizeStep } from './schema';
import { waitUntil } from './wait';

/** A step that cannot complete (a bound passed, a state went wrong): the driver rolls back. */
export class StepFailed extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'StepFailed';
  }
}

async function prepare(ctx: ResizeCtx): Promise<void> {
  const input = await ctx.ops.preflightInput(ctx.data.instanceId, ctx.target);
  const pf = preflight(input);
  const blockers = pf.items.filter((c) => c.status === 'block').map((c) => c.text);
  if (blockers.length > 0)
    throw new AppError(ErrorCode.Precondition, `The resize is blocked: ${blockers.map(esc).join('; ')}.`);
  const state = input.instance.state;
  if (state !== 'running' && state !== 'stopped')
    throw new AppError(
      ErrorCode.WrongState,
      `The instance is ${state}; a resize starts from running or stopped.`,
    );
  await ctx.save({
    beforeType: input.instance.type,
    wasRunning: state === 'running',
    enaBefore: input.enaSupport,
    enableEna: pf.enableEna,
    startedAt: ctx.deps.now().toISOString(),
  });
}

async function stop(ctx: ResizeCtx): Promise<void> {
  const now = await ctx.ops.describe(ctx.data.instanceId);
  if (now.state === 'stopped' || now.state === 'stopping') return;
  await ctx.ops.stop(ctx.data.instanceId);
  await ctx.audit('stop', 'ok');
  await ctx.say(':stop_button: Stopping the instance…');
}

export async function waitStopped(ctx: ResizeCtx): Promise<void> {
  const r = await waitUntil(
    async () => {
      const s = (await ctx.ops.describe(ctx.data.instanceId)).state;
      if (s === 'stopped') return { done: true, value: s };
      return s === 'stopping' || s === 'running' || s === 'pending'
        ? { done: false }
        : { done: false, failed: `the instance went ${s}` };
    },
    ctx.timing.stopped,
    'stopped',
  );
  if (!r.ok) throw new StepFailed(`waiting for the stop: ${r.reason}`);
}

async function backup(ctx: ResizeCtx): Promise<void> {
  const found = await ctx.ops.findBackup(BACKUP_TAG, ctx.jobId);
  if (found) {
    await ctx.save({ amiId: found.id });
    return;
  }
  const { data } = ctx;
  const stamp = ctx.deps.now().toISOString().replace(/[-:]/g, '').slice(0, 13);
  const amiId = await ctx.ops.createBackup(data.instanceId, `ec2bot-resize-${data.instanceId}-${stamp}`, {
    [BACKUP_TAG]: ctx.jobId,
    'ec2bot:requester': data.requester,
    Name: `before resize to ${ctx.target}`,
  });
  await ctx.save({ amiId });
  await ctx.audit('backup', 'ok', { amiId });
  await ctx.say(
    `:floppy_disk: Backup AMI \`${amiId}\` created from the stopped instance; waiting until it is available…`,
  );
}

async function waitBackup(ctx: ResizeCtx): Promise<void> {
  const amiId = ctx.state.amiId ?? '';
  const r = await waitUntil(
    async () => {
      const s = await ctx.ops.imageState(amiId);
      if (s === 'available') return { done: true, value: s };
      return s === 'pending'
        ? { done: false }
        : { done: false, failed: `backup AMI ${amiId} is ${s ?? 'gone'}` };
    },
    ctx.timing.image,
    `backup AMI ${amiId} available`,
  );
  if (!r.ok) throw new StepFailed(r.reason);
  await ctx.say(`:white_check_mark: Backup AMI \`${amiId}\` is available.`);
}

async function ena(ctx: ResizeCtx): Promise<void> {
  if (!ctx.state.enableEna) return;
  if (await ctx.ops.enaSupport(ctx.data.instanceId)) return;
  await ctx.ops.setEna(ctx.data.instanceId, true);
  await ctx.save({ enaChanged: true });
  await ctx.audit('ena', 'ok', { enaSupport: true });
  await ctx.say(':electric_plug: ENA attribute turned on.');
}

async function setType(ctx: ResizeCtx): Promise<void> {
  const now = await ctx.ops.describe(ctx.data.instanceId);
  if (now.type === ctx.target) return;
  if (now.state !== 'stopped')
    throw new StepFailed(`the instance is ${now.state}, not stopped, at the type change`);
  await ctx.ops.setType(ctx.data.instanceId, ctx.target);
  await ctx.audit('set-type', 'ok', { from: now.type, to: ctx.target });
  await ctx.say(`:arrows_counterclockwise: Type changed ${now.type} → ${ctx.target}.`);
}

/** An instance that was stopped before the resize stays stopped: no start, no status checks. */
const leaveStopped = (ctx: ResizeCtx): boolean => ctx.state.wasRunning === false;

export async function start(ctx: ResizeCtx): Promise<void> {
  if (leaveStopped(ctx)) return;
  const now = await ctx.ops.describe(ctx.data.instanceId);
  if (now.state === 'running' || now.state === 'pending') return;
  await ctx.ops.start(ctx.data.instanceId);
  await ctx.audit('start', 'ok', { type: now.type });
}

export async function waitRunning(ctx: ResizeCtx): Promise<void> {
  if (leaveStopped(ctx)) return;
  const r = await waitUntil(
    async () => {
      const s = (await ctx.ops.describe(ctx.data.instanceId)).state;
      if (s === 'running') return { done: true, value: s };
      return s === 'pending'
        ? { done: false }
        : { done: false, failed: `the instance went ${s} instead of running` };
    },
    ctx.timing.running,
    'running',
  );
  if (!r.ok) throw new StepFailed(r.reason);
}

async function waitChecks(ctx: ResizeCtx): Promise<void> {
  if (leaveStopped(ctx)) return;
  const r = await waitUntil(
    async () => {
      const s = await ctx.ops.status(ctx.data.instanceId);
      if (s.system === 'ok' && s.instance === 'ok') return { done: true, value: s };
      const bad = s.system === 'impaired' || s.instance === 'impaired';
      return bad
        ? { done: false, failed: `status checks failed (system ${s.system}, instance ${s.instance})` }
        : { done: false };
    },
    ctx.timing.checks,
    'both status checks ok',
  );
  if (!r.ok) throw new StepFailed(r.reason);
  await ctx.say(':white_check_mark: Running, both status checks pass.');
}

export const STEP_RUNNERS: Record<Exclude<ResizeStep, 'done'>, (ctx: ResizeCtx) => Promise<void>> = {
  prepare,
  stop,
  'wait-stopped': waitStopped,
  backup,
  'wait-backup': waitBackup,
  ena,
  'set-type': setType,
  start,
  'wait-running': waitRunning,
  'wait-checks': waitChecks,
};
