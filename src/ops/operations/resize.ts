import { stopConfirm } from '../../domain/opConfirm';
import { preflight } from '../../domain/preflight';
import { buildResizePlan } from '../../domain/resizePlan';
import { AppError, ErrorCode } from '../../errors/appError';
import { asgOfJob, asgPlanOf } from '../asgMode';
import { exitStandbyStep, withAsg } from '../asgSteps';
import { RESIZE } from '../catalog/resize';
import { dryCheck } from '../dryRun';
import type { ParamsOf } from '../entry';
import type { OperationSpec, Step, StepContext } from '../spec';
import {
  createImageStep,
  snapshotStep,
  waitFor,
  waitImageStep,
  waitState,
  waitStatusOkStep,
  waitStopped,
} from '../steps';
import { resizeSummary } from './resizeSummary';

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
    // Standby was planned for a running member; stopped since, it would stay stopped in standby.
    if (s === 'stopped' && asgOfJob(ctx.data.params))
      throw new AppError(
        ErrorCode.Precondition,
        `${id(ctx)} stopped after the plan took it out of its Auto Scaling group: nothing was changed — plan the resize again.`,
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

/** Until stopped; one stuck in `stopping` fails and offers a force stop (src/ops/steps.ts waitStopped). */
const waitStoppedStep = (name: string): Step => ({
  name,
  async run(ctx) {
    await waitStopped(ctx);
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

/** A rollback step that skips when rollbackStop found nothing on EC2 to undo. */
const undoOnly = (step: Step): Step => ({
  ...step,
  done: (o) => (o.nothingToUndo ? undefined : typeof step.done === 'function' ? step.done(o) : step.done),
  run: (ctx) => (ctx.outputs.nothingToUndo === true ? Promise.resolve(undefined) : step.run(ctx)),
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

/**
 * Rollback's stop: only if something must change back (a changed type or ENA setting). Nothing to undo
 * on EC2 when: the new type runs with its checks passed (only a later step failed: ExitStandby, the read
 * after); or the stop hangs in `stopping` (the type is unchanged; the failure offers a force stop).
 */
const rollbackStop: Step = {
  name: 'rollback-stop',
  async run(ctx) {
    const now = await ctx.ec2.describe(id(ctx));
    if (ctx.outputs.checksSeen !== undefined && now.state === 'running') return { nothingToUndo: true };
    if (now.state === 'stopping' && ctx.data.rollback?.failedStep === 'wait-stopped')
      return { nothingToUndo: true };
    if (now.state === 'stopped' || now.state === 'stopping') return undefined;
    if (now.type === ctx.outputs.beforeType && !ctx.outputs.enaChanged) return { nothingToUndo: true };
    await ctx.call('StopInstances', () => ctx.ec2.stop(id(ctx)));
    return undefined;
  },
};

const rollbackWaitStopped: Step = {
  name: 'rollback-wait-stopped',
  async run(ctx) {
    await waitState(ctx, 'stopped');
    return undefined;
  },
};

/**
 * Rollback's way back into the group (as recover's), for a run that took a member out: it reads the
 * member first, so one still InService is left alone, and a stopped one stays in standby.
 */
const standbyBack = exitStandbyStep({ rollback: true });
const rollbackExitStandby: Step<Partial<ResizeParams>> = {
  ...standbyBack,
  done: (o) =>
    typeof o.asgGroup === 'string' && typeof standbyBack.done === 'function'
      ? standbyBack.done(o)
      : undefined,
  run: (ctx) => (asgOfJob(ctx.data.params) ? standbyBack.run(ctx) : Promise.resolve(undefined)),
};

/**
 * `/ec2 resize|migrate`: preflight (PV, architecture, boot mode, ENA, NVMe, …) → stop → AMI backup of
 * the stopped instance → ENA on if needed → type → start → checks; a failure from the stop on rolls back
 * to the previous type and ENA setting. A running Auto Scaling member is never stopped bare: EnterStandby
 * before the stop, ExitStandby once all three checks pass, and back in service on a rollback (as recover;
 * src/ops/asgMode.ts). Mode `replace` runs standby: the group would launch its launch template's type.
 */
export const resize: OperationSpec<typeof RESIZE.params> = {
  ...RESIZE,
  afterLoss: 'rollback',
  async plan(ctx) {
    const { ec2, instance, params: p } = ctx;
    const read = await ec2!.preflightInput(instance!.id, p.targetType);
    // A stopped instance stays stopped (no standby round trip); a running member leaves its group first.
    const asg = read.instance.state === 'stopped' ? undefined : await asgPlanOf(ctx, 'resize');
    const input = asg?.confirm
      ? { ...read, stopFacts: { ...read.stopFacts, asgConfirm: asg.confirm } }
      : read;
    const plan = buildResizePlan(input, preflight(input), asg);
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
    const type = String(p.targetType);
    return Promise.all([
      dryCheck('StopInstances', () => ec2!.stop(i, { dryRun: true })),
      dryCheck('CreateImage', () =>
        ec2!.createImage(i, { name: `ec2bot-dry-run-${i}`, noReboot: true, tags: {}, dryRun: true }),
      ),
      dryCheck(`ModifyInstanceAttribute InstanceType=${type}`, () => ec2!.setType(i, type, { dryRun: true })),
      dryCheck('StartInstances', () => ec2!.start(i, { dryRun: true })),
    ]);
  },
  steps: (data) =>
    withAsg(data.params, {
      before: [prepare],
      core: [
        stopIfRunning('stop'),
        waitStoppedStep('wait-stopped'),
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
      ],
      after: [unlessStopped(snapshotStep('after'))],
      exit: true,
    }),
  // From the stop on: a member that entered standby before it is put back even when the stop fails.
  rollback: {
    from: 'stop',
    steps: [
      rollbackStop,
      ...[
        rollbackWaitStopped,
        restoreType,
        restoreEna,
        startIfStopped('rollback-start'),
        waitRunning('rollback-wait-running'),
        unlessStopped({ ...waitStatusOkStep(), name: 'rollback-wait-status-ok' }),
      ].map(undoOnly),
      rollbackExitStandby,
    ],
  },
  summary: resizeSummary,
};
