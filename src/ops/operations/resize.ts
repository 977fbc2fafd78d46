import { stopConfirm } from '../../domain/opConfirm';
import { preflight } from '../../domain/preflight';
import { buildResizePlan } from '../../domain/resizePlan';
import { AppError, ErrorCode } from '../../errors/appError';
import { RESIZE } from '../catalog/resize';
import { dryCheck } from '../dryRun';
import type { ParamsOf } from '../entry';
import { LOST_STEP } from '../inFlight';
import { ipChangeLine } from '../ipChange';
import type { OperationSpec, RunResult, Step, StepContext } from '../spec';
import { createImageStep, snapshotStep, waitFor, waitImageStep, waitState, waitStatusOkStep } from '../steps';

type ResizeParams = ParamsOf<typeof RESIZE>;

const id = (ctx: StepContext): string => ctx.data.instanceId ?? '';
const target = (ctx: StepContext<ResizeParams>): string => ctx.data.params.targetType;
/** An instance that was stopped before the resize stays stopped: no start, no status checks. */
const leaveStopped = (ctx: StepContext): boolean => ctx.outputs.wasRunning === false;
const unlessStopped = (step: Step): Step => ({
  ...step,
  done: (o) =>
    o.wasRunning === false ? undefined : typeof step.done === 'function' ? step.done(o) : step.done,
  run: (ctx) => (leaveStopped(ctx) ? Promise.resolve(undefined) : step.run(ctx)),
});

const prepare: Step<ResizeParams> = {
  name: 'prepare',
  async run(ctx) {
    const input = await ctx.ec2.preflightInput(id(ctx), target(ctx));
    const pf = preflight(input);
    const blockers = pf.items.filter((c) => c.status === 'block').map((c) => c.text);
    if (blockers.length > 0)
      throw new AppError(ErrorCode.Precondition, `The resize is blocked: ${blockers.join('; ')}.`);
    const s = input.instance.state;
    if (s !== 'running' && s !== 'stopped')
      throw new AppError(
        ErrorCode.WrongState,
        `The instance is ${s}; a resize starts from running or stopped.`,
      );
    return {
      beforeType: input.instance.type,
      beforeIp: input.instance.publicIp ?? '',
      beforeEip: input.instance.hasElasticIp,
      wasRunning: s === 'running',
      enaBefore: input.enaSupport,
      enableEna: pf.enableEna,
    };
  },
};

/** Stop unless stopped or stopping (read first: never a second stop). */
const stopIfRunning = (name: string): Step => ({
  name,
  done: (o) => (o.wasRunning === false ? undefined : 'stopping the instance'),
  async run(ctx) {
    const now = await ctx.ec2.describe(id(ctx));
    if (now.state === 'stopped' || now.state === 'stopping') return undefined;
    await ctx.call('StopInstances', () => ctx.ec2.stop(id(ctx)));
    return undefined;
  },
});

const waitStopped = (name: string): Step => ({
  name,
  async run(ctx) {
    await waitState(ctx, 'stopped');
    return undefined;
  },
});

const ena: Step = {
  name: 'ena',
  done: (o) => (o.enaChanged ? 'ENA attribute turned on' : undefined),
  async run(ctx) {
    if (!ctx.outputs.enableEna || (await ctx.ec2.enaSupport(id(ctx)))) return undefined;
    await ctx.call('ModifyInstanceAttribute(EnaSupport)', () => ctx.ec2.setEna(id(ctx), true));
    return { enaChanged: true };
  },
};

const setType: Step<ResizeParams> = {
  name: 'set-type',
  done: (o) => `Type changed ${String(o.beforeType)} → ${String(o.typeNow)}.`,
  async run(ctx) {
    const now = await ctx.ec2.describe(id(ctx));
    if (now.type === target(ctx)) return { typeNow: now.type };
    if (now.state !== 'stopped')
      throw new AppError(
        ErrorCode.WrongState,
        `the instance is ${now.state}, not stopped, at the type change`,
      );
    await ctx.call('ModifyInstanceAttribute(InstanceType)', () => ctx.ec2.setType(id(ctx), target(ctx)));
    return { typeNow: target(ctx) };
  },
};

const startIfStopped = (name: string): Step =>
  unlessStopped({
    name,
    done: 'starting the instance',
    async run(ctx) {
      const now = await ctx.ec2.describe(id(ctx));
      if (now.state === 'running' || now.state === 'pending') return undefined;
      await ctx.call('StartInstances', () => ctx.ec2.start(id(ctx)));
      return undefined;
    },
  });

const waitRunning = (name: string): Step =>
  unlessStopped({
    name,
    async run(ctx) {
      await waitFor(
        ctx,
        `${id(ctx)} to be running`,
        async () => (await ctx.ec2.describe(id(ctx))).state,
        (s) => s === 'running',
        {
          timeoutMs: 10 * 60_000,
          fail: (s) =>
            s === 'pending' || s === 'running'
              ? undefined
              : new AppError(ErrorCode.WrongState, `the instance went ${s} instead of running`),
        },
      );
      return undefined;
    },
  });

/** Rollback: the previous type and ENA setting, started again if it was running. Each reads AWS first. */
const restoreType: Step = {
  name: 'restore-type',
  done: (o) => `Type restored to ${String(o.beforeType)}.`,
  async run(ctx) {
    const before = String(ctx.outputs.beforeType ?? '');
    const now = await ctx.ec2.describe(id(ctx));
    if (!before || now.type === before) return undefined;
    await ctx.call('ModifyInstanceAttribute(InstanceType)', () => ctx.ec2.setType(id(ctx), before));
    return undefined;
  },
};

const restoreEna: Step = {
  name: 'restore-ena',
  async run(ctx) {
    if (!ctx.outputs.enaChanged || ctx.outputs.enaBefore) return undefined;
    if (!(await ctx.ec2.enaSupport(id(ctx)))) return undefined;
    await ctx.call('ModifyInstanceAttribute(EnaSupport)', () => ctx.ec2.setEna(id(ctx), false));
    return { enaChanged: false };
  },
};

/** Rollback's stop: only if something must change back (a changed type or ENA setting). */
const rollbackStop: Step = {
  name: 'rollback-stop',
  async run(ctx) {
    const now = await ctx.ec2.describe(id(ctx));
    if (now.state === 'stopped' || now.state === 'stopping') return undefined;
    if (now.type === ctx.outputs.beforeType && !ctx.outputs.enaChanged) return { nothingToUndo: true };
    await ctx.call('StopInstances', () => ctx.ec2.stop(id(ctx)));
    return undefined;
  },
};

const rollbackWaitStopped: Step = {
  name: 'rollback-wait-stopped',
  async run(ctx) {
    if (ctx.outputs.nothingToUndo) return undefined;
    await waitState(ctx, 'stopped');
    return undefined;
  },
};

const ami = (o: Record<string, unknown>): string =>
  o.imageId ? `\`${String(o.imageId)}\`` : 'none (no backup was made)';
const changedType = (r: RunResult<ResizeParams>): boolean =>
  ['set-type', 'start', 'wait-running', 'wait-status-ok', LOST_STEP].includes(r.failedStep ?? '');

/** Where a rollback left the instance: started again with its checks passing, or stopped as it was. */
const nowLine = (o: Record<string, unknown>, before: string): string =>
  o.wasRunning === false
    ? `The instance is stopped on ${before}, as it was before.`
    : `The instance is running again on ${before} and all three status checks pass.`;

function summary(r: RunResult<ResizeParams>): string {
  const o = r.outputs;
  const inst = `\`${r.data.instanceId ?? ''}\``;
  const before = String(o.beforeType ?? '?');
  switch (r.outcome) {
    case 'done':
      return [
        `Resized ${inst}: ${before} → ${r.data.params.targetType}${o.wasRunning === false ? ' (left stopped, as it was)' : `; all three status checks pass (${String(o.checksSeen ?? '')})`}.`,
        `Backup AMI ${ami(o)} (keep it until you are sure, then deregister it).`,
        ...(o.wasRunning === false ? [] : [ipChangeLine(r)]),
      ]
        .filter(Boolean)
        .join('\n');
    case 'rolled-back':
      return changedType(r)
        ? `Rolled back ${inst} to ${before} after: ${r.failure}.\n${nowLine(o, before)}\nBackup AMI ${ami(o)}.`
        : `Resize stopped before the type change of ${inst}: ${r.failure}. The type is still ${before}.${o.imageId ? `\nBackup AMI ${ami(o)}.` : ''}`;
    case 'rollback-failed':
      return [
        `Resize failed and so did the rollback of ${inst}.`,
        `What failed: ${r.failure}. Rollback: ${r.rollbackFailure}.`,
        `Restore from the backup AMI ${ami(o)} if the instance does not come back.`,
      ].join('\n');
    case 'failed':
      return `Resize stopped before the type change of ${inst}: ${r.failure}. The type is still ${before}.`;
  }
}

/**
 * `/ec2 resize|migrate`: preflight (PV, architecture, boot mode, ENA, NVMe, …) → stop → AMI backup of
 * the stopped instance → ENA on if needed → type → start → checks; a failure after the stop rolls back
 * to the previous type and ENA setting.
 */
export const resize: OperationSpec<typeof RESIZE.params> = {
  ...RESIZE,
  afterLoss: 'rollback',
  async plan({ ec2, instance, params: p }) {
    const input = await ec2!.preflightInput(instance!.id, p.targetType);
    const plan = buildResizePlan(input, preflight(input));
    // The preflight names what the stop + start costs (src/domain/preflight.ts); the confirm says it short.
    if (input.instance.state === 'stopped') return plan;
    const instanceStore = input.current?.instanceStorage === true || input.target?.instanceStorage === true;
    return {
      ...plan,
      confirm: stopConfirm(input.instance, { ...input.stopFacts, instanceStore }, 'resize'),
    };
  },
  async dryRun({ ec2, instance, params: p }) {
    const i = instance!.id;
    const type = p.targetType;
    return Promise.all([
      dryCheck('StopInstances', () => ec2!.stop(i, { dryRun: true })),
      dryCheck('CreateImage', () =>
        ec2!.createImage(i, { name: `ec2bot-dry-run-${i}`, noReboot: true, tags: {}, dryRun: true }),
      ),
      dryCheck(`ModifyInstanceAttribute InstanceType=${type}`, () => ec2!.setType(i, type, { dryRun: true })),
      dryCheck('StartInstances', () => ec2!.start(i, { dryRun: true })),
    ]);
  },
  steps: () => [
    prepare,
    stopIfRunning('stop'),
    waitStopped('wait-stopped'),
    createImageStep({
      name: (ctx) =>
        `ec2bot-resize-${id(ctx)}-${ctx.deps.now().toISOString().replace(/[-:]/g, '').slice(0, 13)}`,
      description: 'ec2-ops-bot backup before a type change',
      noReboot: () => true,
      done: (imageId) =>
        `Backup AMI \`${imageId}\` created from the stopped instance; waiting until it is available…`,
    }),
    waitImageStep(),
    ena,
    setType,
    startIfStopped('start'),
    waitRunning('wait-running'),
    unlessStopped(waitStatusOkStep({ failOnImpaired: true })),
    unlessStopped(snapshotStep('after')),
  ],
  rollback: {
    from: 'wait-stopped',
    steps: [
      rollbackStop,
      rollbackWaitStopped,
      restoreType,
      restoreEna,
      startIfStopped('rollback-start'),
      waitRunning('rollback-wait-running'),
      unlessStopped({ ...waitStatusOkStep(), name: 'rollback-wait-status-ok' }),
    ],
  },
  summary,
};
