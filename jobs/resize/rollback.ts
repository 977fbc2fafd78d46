import type { ResizeCtx } from './context';
import { ROLLBACK_STEPS, type RollbackStep } from './schema';
import { start, waitRunning, waitStopped } from './steps';

/**
 * Puts the instance back as it was: stopped, previous type, previous ENA setting, started again if it
 * was running. Every step reads AWS first, so a resumed rollback never repeats a side effect.
 */
const RUNNERS: Record<Exclude<RollbackStep, 'done'>, (ctx: ResizeCtx) => Promise<void>> = {
  async stop(ctx) {
    const now = await ctx.ops.describe(ctx.data.instanceId);
    if (now.state === 'stopped' || now.state === 'stopping') return;
    if (now.type === ctx.state.beforeType && !ctx.state.enaChanged) return;
    await ctx.ops.stop(ctx.data.instanceId);
    await ctx.audit('rollback-stop', 'ok');
  },
  async 'wait-stopped'(ctx) {
    const now = await ctx.ops.describe(ctx.data.instanceId);
    if (now.state === 'running' && now.type === ctx.state.beforeType && !ctx.state.enaChanged) return;
    await waitStopped(ctx);
  },
  async type(ctx) {
    const now = await ctx.ops.describe(ctx.data.instanceId);
    const before = ctx.state.beforeType;
    if (!before || now.type === before) return;
    await ctx.ops.setType(ctx.data.instanceId, before);
    await ctx.audit('rollback-type', 'ok', { from: now.type, to: before });
    await ctx.say(`:leftwards_arrow_with_hook: Type restored to ${before}.`);
  },
  async ena(ctx) {
    if (!ctx.state.enaChanged || ctx.state.enaBefore) return;
    if (!(await ctx.ops.enaSupport(ctx.data.instanceId))) return;
    await ctx.ops.setEna(ctx.data.instanceId, false);
    await ctx.save({ enaChanged: false });
    await ctx.audit('rollback-ena', 'ok', { enaSupport: false });
  },
  start,
  'wait-running': waitRunning,
};

export async function runRollbackSteps(
  ctx: ResizeCtx,
  onError: (err: unknown, step: RollbackStep) => never | Promise<never>,
): Promise<void> {
  const rb = ctx.state.rollback;
  if (!rb) return;
  for (let i = ROLLBACK_STEPS.indexOf(rb.step ?? 'stop'); i < ROLLBACK_STEPS.length; i++) {
    const step = ROLLBACK_STEPS[i]!;
    if (step === 'done') return;
    try {
      await RUNNERS[step](ctx);
    } catch (err) {
      await onError(err, step);
    }
    await ctx.save({ rollback: { ...rb, step: ROLLBACK_STEPS[i + 1] } });
  }
}
