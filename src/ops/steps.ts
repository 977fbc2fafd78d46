import type { StatusChecks } from '../aws/ec2Ops';
import { AppError, ErrorCode } from '../errors';
import type { Step, StepContext } from './stepMachine';
import { pollUntil } from './wait';

const MIN = 60_000;

/** State and checks in one DescribeInstanceStatus; remembered until the next mutating call. */
async function readChecks(ctx: StepContext): Promise<StatusChecks> {
  ctx.lastChecks = await ctx.ec2.statusChecks(ctx.data.instanceId);
  return ctx.lastChecks;
}

const state = async (ctx: StepContext): Promise<string> => (ctx.lastChecks ?? (await readChecks(ctx))).state;

const wrongState = (ctx: StepContext, s: string, what: string): AppError =>
  new AppError(ErrorCode.WrongState, `${ctx.data.instanceId} is ${s}: cannot ${what}.`);

/**
 * Stop (or hibernate). When an earlier attempt may have sent it, AWS state decides: already stopping or
 * stopped → not again (one stop, even after a crash).
 */
export const stopStep = (opts: { hibernate?: boolean } = {}): Step => ({
  name: opts.hibernate ? 'hibernate' : 'stop',
  done: opts.hibernate ? 'hibernation requested' : 'stop requested',
  async run(ctx) {
    if (ctx.mayHaveRun || ctx.lastChecks) {
      const s = await state(ctx);
      if (s === 'stopping' || s === 'stopped') return { stopSkipped: true };
      if (s !== 'running' && s !== 'pending') throw wrongState(ctx, s, 'stop it');
    }
    await ctx.call(opts.hibernate ? 'StopInstances(Hibernate)' : 'StopInstances', () =>
      ctx.ec2.stop(ctx.data.instanceId, { hibernate: opts.hibernate }),
    );
    return undefined;
  },
});

/** Start; after a possible earlier attempt, not again if AWS shows it pending or running. */
export const startStep = (): Step => ({
  name: 'start',
  done: 'start requested',
  async run(ctx) {
    if (ctx.mayHaveRun || ctx.lastChecks) {
      let s = await state(ctx);
      if (s === 'pending' || s === 'running') return { startSkipped: true };
      if (s === 'stopping') s = await waitFor(ctx, 'stopped');
      if (s !== 'stopped') throw wrongState(ctx, s, 'start it');
    }
    await ctx.call('StartInstances', () => ctx.ec2.start(ctx.data.instanceId));
    return undefined;
  },
});

function waitFor(ctx: StepContext, target: 'stopped' | 'running'): Promise<string> {
  const dead = ['terminated', 'shutting-down'];
  return pollUntil(
    `${ctx.data.instanceId} to be ${target}`,
    () => readChecks(ctx).then((c) => c.state),
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
    const ok = (c: StatusChecks): boolean => c.system === 'ok' && c.instance === 'ok';
    if (ctx.lastChecks && ok(ctx.lastChecks)) return undefined;
    await pollUntil(`both status checks of ${ctx.data.instanceId} to pass`, () => readChecks(ctx), ok, {
      timeoutMs: 15 * MIN,
    });
    return undefined;
  },
});
