import type { StatusChecks } from '../aws/ec2Ops';
import { AppError, ErrorCode } from '../errors/appError';
import { pollUntil } from './poll';
import type { Params, Step, StepContext } from './spec';

const MIN = 60_000;
/** Tag on every AMI a job makes: the job id, so a retry finds its image instead of making another. */
export const JOB_TAG = 'ec2bot:job';

const id = (ctx: StepContext): string => ctx.data.instanceId ?? '';

/** State and checks in one DescribeInstanceStatus; remembered until the next mutating call. */
export async function readChecks(ctx: StepContext): Promise<StatusChecks> {
  ctx.lastChecks = await ctx.ec2.statusChecks(id(ctx));
  return ctx.lastChecks;
}

const state = async (ctx: StepContext): Promise<string> => (ctx.lastChecks ?? (await readChecks(ctx))).state;

export const wrongState = (ctx: StepContext, s: string, what: string): AppError =>
  new AppError(ErrorCode.WrongState, `${id(ctx)} is ${s}: cannot ${what}.`);

/** Polls with the bot's tuning (deps.tuning): interval, and a "still waiting" line in the thread. */
export function waitFor<T>(
  ctx: StepContext,
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  opts: {
    timeoutMs: number;
    fail?: (v: T) => AppError | undefined;
    stillWaiting?: boolean;
    /** How the last value reads in a "still waiting" line (default String(v)). */
    show?: (v: T) => string;
  },
): Promise<T> {
  const show = opts.show ?? String;
  return pollUntil(what, read, done, {
    timeoutMs: opts.timeoutMs,
    intervalMs: ctx.deps.tuning.pollMs,
    progressMs: ctx.deps.tuning.progressMs,
    fail: opts.fail,
    stillWaiting: opts.stillWaiting
      ? (v, ms) => ctx.note(`still waiting for ${what}: ${show(v)} after ${Math.round(ms / MIN)} min`)
      : undefined,
  });
}

/** Until the instance is `target`; terminated or shutting down on the way is a failure no wait fixes. */
export function waitState(ctx: StepContext, target: 'stopped' | 'running'): Promise<string> {
  const dead = ['terminated', 'shutting-down'];
  return waitFor(
    ctx,
    `${id(ctx)} to be ${target}`,
    () => readChecks(ctx).then((c) => c.state),
    (s) => s === target,
    {
      timeoutMs: 15 * MIN,
      fail: (s) => (dead.includes(s) ? wrongState(ctx, s, `wait for ${target}`) : undefined),
    },
  );
}

/**
 * Until stopped, for at most `deps.tuning.stopStuckMs`: an instance still `stopping` then is stuck, and
 * the failure offers a force stop (unless this already is one). AWS: an instance stuck in `stopping` can
 * be force-stopped; the OS gets no chance to flush caches.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/TroubleshootingInstancesStopping.html
 */
export async function waitStopped(ctx: StepContext, opts: { offerForce?: boolean } = {}): Promise<void> {
  let last = '';
  const dead = ['terminated', 'shutting-down'];
  const ms = ctx.deps.tuning.stopStuckMs;
  try {
    await waitFor(
      ctx,
      `${id(ctx)} to be stopped`,
      async () => {
        last = (await readChecks(ctx)).state;
        return last;
      },
      (s) => s === 'stopped',
      {
        timeoutMs: ms,
        fail: (s) => (dead.includes(s) ? wrongState(ctx, s, 'wait for stopped') : undefined),
      },
    );
  } catch (err) {
    if (last !== 'stopping' || (err instanceof AppError && err.code !== ErrorCode.AwsUnavailable)) throw err;
    const waited = ms >= MIN ? `${Math.round(ms / MIN)} min` : `${Math.round(ms / 1000)} s`;
    throw new AppError(
      ErrorCode.WrongState,
      `${id(ctx)} is still stopping after ${waited}: it looks stuck.${opts.offerForce === false ? ' Open a case with AWS Support.' : ' Force stop skips the clean OS shutdown (no chance to flush file-system caches): use it only if it does not finish by itself.'}`,
      { offer: opts.offerForce === false ? undefined : ['force-stop'] },
    );
  }
}

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
      ctx.ec2.stop(id(ctx), { hibernate: opts.hibernate }),
    );
    return undefined;
  },
});

/**
 * StopInstances with Force=true: for an instance stuck in `stopping` (or one that must go down now).
 * Sending it twice is harmless, but a stopped instance is not sent it again.
 */
export const forceStopStep = (): Step => ({
  name: 'force-stop',
  done: 'force stop requested',
  async run(ctx) {
    const s = await state(ctx);
    if (s === 'stopped') return { stopSkipped: true };
    if (!['running', 'pending', 'stopping'].includes(s)) throw wrongState(ctx, s, 'force-stop it');
    await ctx.call('StopInstances(Force)', () => ctx.ec2.stop(id(ctx), { force: true }));
    return undefined;
  },
});

/** Until stopped; a stop stuck in `stopping` offers a force stop (see waitStopped). */
export const waitStoppedStep = (opts: { offerForce?: boolean } = {}): Step => ({
  name: 'wait-stopped',
  done: 'stopped',
  async run(ctx) {
    await waitStopped(ctx, opts);
    return undefined;
  },
});

/**
 * What the instance looked like before (`before`) or after (`after`) the operation, for the finished
 * message: public IPv4, Elastic IP, type, and the state reason (a hibernation that fell back to a
 * plain shutdown). Read-only, so a resumed job simply reads again.
 */
export const snapshotStep = (when: 'before' | 'after'): Step => ({
  name: `read-${when}`,
  async run(ctx) {
    const now = await ctx.ec2.describe(id(ctx));
    return {
      [`${when}Ip`]: now.info.publicIp ?? '',
      [`${when}Eip`]: now.info.hasElasticIp,
      [`${when}Type`]: now.type,
      ...(when === 'after' ? { stateReason: now.stateReason ?? '' } : {}),
    };
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
      if (s === 'stopping') s = await waitState(ctx, 'stopped');
      if (s !== 'stopped') throw wrongState(ctx, s, 'start it');
    }
    await ctx
      .call('StartInstances', () => ctx.ec2.start(id(ctx)))
      .catch(async (err: unknown) => {
        throw err instanceof AppError && err.code === ErrorCode.Capacity ? await noCapacity(ctx, err) : err;
      });
    return undefined;
  },
});

/**
 * StartInstances refused for capacity (InsufficientInstanceCapacity): the instance stays stopped; say so
 * plainly, with what can be done.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html#troubleshooting-launch-capacity
 */
async function noCapacity(ctx: StepContext, err: AppError): Promise<AppError> {
  const now = await ctx.ec2.describe(id(ctx)).catch(() => undefined);
  const what = now ? `${now.type}${now.info.az ? ` in ${now.info.az}` : ''}` : 'this instance type';
  return new AppError(
    ErrorCode.Capacity,
    `AWS has no capacity for ${what} right now (InsufficientInstanceCapacity): ${id(ctx)} was not started and is ${now?.state ?? 'stopped'}. Options: retry in a few minutes (/ec2 start); change it to another instance type (/ec2 resize) and start it; move it to another Availability Zone (an AMI, then a new instance there); or start it into an On-Demand Capacity Reservation.`,
    { cause: err },
  );
}

export const waitStateStep = (target: 'stopped' | 'running'): Step =>
  target === 'stopped'
    ? waitStoppedStep()
    : {
        name: `wait-${target}`,
        done: target,
        async run(ctx) {
          await waitState(ctx, target);
          return undefined;
        },
      };

/**
 * All three status checks pass: system (the host), instance (the OS) and attached EBS. `insufficient-data`
 * on attached EBS means EC2 has no EBS data for the instance (none attached, or none reported yet): not a
 * failure, so it does not hold the wait — the line says so. `initializing` waits.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-system-instance-status-check.html
 */
export const checksPass = (c: StatusChecks): boolean =>
  c.system === 'ok' && c.instance === 'ok' && EBS_PASSES.has(c.ebs);
const EBS_PASSES = new Set(['ok', 'not-applicable', 'insufficient-data']);

const ebsWords = (ebs: string): string =>
  ebs === 'insufficient-data' ? 'no data (insufficient-data: not a failure)' : ebs;

export const checksLine = (c: StatusChecks): string =>
  `system ${c.system}, instance ${c.instance}, attached EBS ${ebsWords(c.ebs)}`;

/** The plan line of waitStatusOkStep. */
export const CHECKS_STEP = 'wait until all three status checks pass (system, instance, attached EBS)';

/** All three status checks pass (see checksPass), within 15 minutes; impaired fails when asked. */
export const waitStatusOkStep = (opts: { failOnImpaired?: boolean } = {}): Step => ({
  name: 'wait-status-ok',
  done: (o) => `all three status checks pass${typeof o.checksSeen === 'string' ? ` (${o.checksSeen})` : ''}`,
  async run(ctx) {
    const last =
      ctx.lastChecks && checksPass(ctx.lastChecks)
        ? ctx.lastChecks
        : await waitFor(
            ctx,
            `all three status checks of ${id(ctx)} (system, instance, attached EBS) to pass`,
            () => readChecks(ctx),
            checksPass,
            {
              timeoutMs: 15 * MIN,
              stillWaiting: true,
              show: checksLine,
              fail: (c) =>
                opts.failOnImpaired && [c.system, c.instance, c.ebs].includes('impaired')
                  ? new AppError(ErrorCode.Precondition, `status checks failed (${checksLine(c)})`)
                  : undefined,
            },
          );
    return { checksSeen: checksLine(last) };
  },
});

/** CreateImage tagged with the job id; a resumed job finds its image by the tag and makes no second. */
export const createImageStep = <P extends Params>(opts: {
  name: (ctx: StepContext<P>) => string;
  noReboot: (ctx: StepContext<P>) => boolean;
  description?: string;
  done: (imageId: string) => string;
}): Step<P> => ({
  name: 'create-image',
  done: (o) => opts.done(String(o.imageId)),
  async run(ctx) {
    const existing = await ctx.ec2.imagesByTag(JOB_TAG, ctx.jobId);
    if (existing[0]) return { imageId: existing[0].id };
    const name = opts.name(ctx);
    const imageId = await ctx.call('CreateImage', () =>
      ctx.ec2.createImage(id(ctx), {
        name,
        description: opts.description,
        noReboot: opts.noReboot(ctx),
        tags: {
          Name: name,
          [JOB_TAG]: ctx.jobId,
          'ec2bot:requester': ctx.data.requester,
          'ec2bot:source-instance': id(ctx),
          'managed-by': 'ec2-ops-bot',
        },
      }),
    );
    return { imageId };
  },
});

/** Until the job's image is available (large volumes take a while: says so every few minutes). */
export const waitImageStep = (): Step => ({
  name: 'wait-image',
  done: (o) => `image ${String(o.imageId)} available`,
  async run(ctx) {
    const bad = ['failed', 'invalid', 'deregistered', 'missing'];
    await waitFor(
      ctx,
      `image ${String(ctx.outputs.imageId)} to be available`,
      async () => (await ctx.ec2.imagesByTag(JOB_TAG, ctx.jobId))[0]?.state ?? 'missing',
      (s) => s === 'available',
      {
        timeoutMs: 90 * MIN,
        stillWaiting: true,
        fail: (s) =>
          bad.includes(s)
            ? new AppError(ErrorCode.Precondition, `the image ${String(ctx.outputs.imageId)} ended ${s}`)
            : undefined,
      },
    );
    return undefined;
  },
});

/** Blocks unless the instance is in one of `states`; says what state it is in, in plain words. */
export function needState(
  i: { state: string; id: string; name?: string } | undefined,
  states: string[],
  what: string,
): string[] {
  if (!i) return ['no instance named'];
  return states.includes(i.state) ? [] : [`${i.name ? `${i.name} (${i.id})` : i.id} is ${i.state}: ${what}`];
}
