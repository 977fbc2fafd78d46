import { AppError, ErrorCode } from '../errors';
import type { Step, StepContext } from './stepMachine';
import { pollUntil } from './wait';

const MIN = 60_000;

const state = (ctx: StepContext): Promise<string> =>
  ctx.ec2.instanceState(ctx.data.instanceId).then((s) => s ?? 'unknown');

const wrongState = (ctx: StepContext, s: string, what: string): AppError =>
  new AppError(ErrorCode.WrongState, `${ctx.data.instanceId} is ${s}: cannot ${what}.`);

/** Stop (or hibernate) unless AWS already shows it stopping or stopped: one stop, even after a crash. */
export const stopStep = (opts: { hibernate?: boolean } = {}): Step => ({
  name: opts.hibernate ? 'hibernate' : 'stop',
  done: opts.hibernate ? 'hibernation requested' : 'stop requested',
  async run(ctx) {
    const s = await state(ctx);
    if (s === 'stopping' || s === 'stopped') return { stopSkipped: true };
    if (s !== 'running' && s !== 'pending') throw wrongState(ctx, s, 'stop it');
    await ctx.call(opts.hibernate ? 'StopInstances(Hibernate)' : 'StopInstances', () =>
      ctx.ec2.stop(ctx.data.instanceId, { hibernate: opts.hibernate }),
    );
    return undefined;
  },
});

/** Start unless AWS already shows it pending or running; a stopping instance is waited for first. */
export const startStep = (): Step => ({
  name: 'start',
  done: 'start requested',
  async run(ctx) {
    let s = await state(ctx);
    if (s === 'pending' || s === 'running') return { startSkipped: true };
    if (s === 'stopping') s = await waitFor(ctx, 'stopped');
    if (s !== 'stopped') throw wrongState(ctx, s, 'start it');
    await ctx.call('StartInstances', () => ctx.ec2.start(ctx.data.instanceId));
    return undefined;
  },
});

function waitFor(ctx: StepContext, target: 'stopped' | 'running'): Promise<string> {
  const dead = ['terminated', 'shutting-down'];
  return pollUntil(
    `${ctx.data.instanceId} to be ${target}`,
    () => state(ctx),
    (s) => s === target,
    {
      timeoutMs: 15 * MIN,
      fail: (s) => (dead.includes(s) ? wrongState(ctx, s, `wait for ${target}`) : undefined),
    },
  );
}

export const waitStateStep = (target: 'stopped' | 'running'): Step => ({
  name: `wait-${target}`,
  done: target,
  async run(ctx) {
    await waitFor(ctx, target);
    return undefined;
  },
});

/** Both status checks `ok` (system: the host; instance: the OS), within 15 minutes. */
export const waitStatusOkStep = (): Step => ({
  name: 'wait-status-ok',
  done: 'both status checks pass',
  async run(ctx) {
    await pollUntil(
      `both status checks of ${ctx.data.instanceId} to pass`,
      () => ctx.ec2.statusChecks(ctx.data.instanceId),
      (c) => c.system === 'ok' && c.instance === 'ok',
      { timeoutMs: 15 * MIN },
    );
    return undefined;
  },
});
