import type { AutoScaling, GroupNow } from '../aws/autoScaling';
import { canDecrement } from '../domain/autoScaling';
import { AppError, ErrorCode } from '../errors/appError';
import { asgOfJob } from './asgMode';
import type { AsgPins } from './catalog/asg';
import type { Step, StepContext } from './spec';
import { readChecks, waitFor } from './steps';

/**
 * The steps that take an Auto Scaling member out of its group and back (standby), or replace it through
 * the group. Each reads the member from AWS before its call, so a resumed job never enters standby
 * twice, never exits twice and never terminates twice.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-enter-exit-standby.html
 */

const MIN = 60_000;
const ENTERING = new Set(['Standby', 'EnteringStandby']);
const PENDING = new Set(['Pending', 'Pending:Wait', 'Pending:Proceed']);
const LEAVING = new Set([
  'Terminating',
  'Terminating:Wait',
  'Terminating:Proceed',
  'Terminated',
  'Detaching',
]);

const id = (ctx: StepContext<AsgPins>): string => ctx.data.instanceId ?? '';

const portOf = (ctx: StepContext<AsgPins>): AutoScaling =>
  ctx.deps.asgPort(ctx.account, ctx.data.region ?? '', {
    requester: ctx.data.requester,
    approver: ctx.data.approver,
  });

function groupOf(ctx: StepContext<AsgPins>): string {
  const asg = asgOfJob(ctx.data.params);
  if (!asg)
    throw new AppError(ErrorCode.Internal, undefined, { detail: 'an Auto Scaling step without a group' });
  return asg.group;
}

const gone = (ctx: StepContext<AsgPins>, group: string): AppError =>
  new AppError(
    ErrorCode.Precondition,
    `${id(ctx)} is no longer in Auto Scaling group ${group}: nothing was changed in the group — plan it again.`,
  );

/** Until the member is in `want` (a lifecycle state), naming what it waited for. */
function waitLifecycle(ctx: StepContext<AsgPins>, group: string, want: string, via: ReadonlySet<string>) {
  const port = portOf(ctx);
  return waitFor(
    ctx,
    `${id(ctx)} to be ${want} in ${group}`,
    async () => (await port.member(id(ctx)))?.lifecycle ?? 'not in the group',
    (s) => s === want,
    {
      timeoutMs: 15 * MIN,
      stillWaiting: true,
      fail: (s) =>
        s !== want && !via.has(s)
          ? new AppError(ErrorCode.WrongState, `${id(ctx)} went ${s} in ${group} instead of ${want}.`)
          : undefined,
    },
  );
}

/**
 * How the bot enters standby in `group`: with ShouldDecrementDesiredCapacity unless the group is at its
 * minimum (then EnterStandby with decrement fails, API_EnterStandby.html). Read from the group now; unknown
 * sizes: with decrement. Shared by the step below and the standby before AWS's stop (src/maintenance/watch.ts).
 */
export async function standbyDecrement(
  port: AutoScaling,
  group: string,
): Promise<{ decrement: boolean; desired?: number }> {
  const g = await port.group(group);
  return { decrement: g ? canDecrement(g) : true, ...(g ? { desired: g.desired } : {}) };
}

/**
 * EnterStandby, decrementing the desired capacity unless the group is at its minimum (then EnterStandby
 * with decrement fails, API_EnterStandby.html: the bot enters without it and the group launches a
 * replacement meanwhile). Already in standby (an earlier attempt): not entered again.
 */
export const enterStandbyStep = (): Step<AsgPins> => ({
  name: 'enter-standby',
  done: (o) =>
    `in standby in ${String(o.asgGroup)}${o.asgDecremented === false ? ' (not decremented: the group is at its minimum and launches a replacement meanwhile)' : typeof o.asgDesiredBefore === 'number' ? ` (desired capacity ${o.asgDesiredBefore} → ${o.asgDesiredBefore - 1})` : ''}`,
  async run(ctx) {
    const group = groupOf(ctx);
    const port = portOf(ctx);
    const m = await port.member(id(ctx));
    if (!m) throw gone(ctx, group);
    if (!ENTERING.has(m.lifecycle)) {
      if (m.lifecycle !== 'InService')
        throw new AppError(
          ErrorCode.WrongState,
          `${id(ctx)} is ${m.lifecycle} in ${group}: only an InService member can enter standby.`,
        );
      const { decrement, desired } = await standbyDecrement(port, group);
      await ctx.call('EnterStandby', () => port.enterStandby(group, id(ctx), decrement));
      await ctx.save({ asgGroup: group, asgDecremented: decrement, asgDesiredBefore: desired });
    }
    await waitLifecycle(ctx, group, 'Standby', ENTERING);
    return { asgGroup: group };
  },
});

const inService = (g: GroupNow): string[] =>
  g.members.filter((m) => m.lifecycle === 'InService').map((m) => m.instanceId);

/**
 * ExitStandby, then InService. As a rollback step it puts back only a running instance: a stopped one
 * that left standby would be marked unhealthy and replaced, so it stays in standby and the message says so.
 */
export const exitStandbyStep = (opts: { rollback?: boolean } = {}): Step<AsgPins> => ({
  name: opts.rollback ? 'rollback-exit-standby' : 'exit-standby',
  done: (o) =>
    o.asgLeftInStandby
      ? `left in standby in ${String(o.asgGroup)}: it is not running, and leaving standby would make the group replace it — start it with /ec2 start, which puts it back in service`
      : `back in service in ${String(o.asgGroup)} (${String(o.asgInService)} of ${String(o.asgDesired)} desired InService)`,
  async run(ctx) {
    const group = groupOf(ctx);
    const port = portOf(ctx);
    const m = await port.member(id(ctx));
    if (!m) throw gone(ctx, group);
    if (m.lifecycle === 'Standby') {
      if (opts.rollback && (await readChecks(ctx)).state !== 'running')
        return { asgGroup: group, asgLeftInStandby: true };
      await ctx.call('ExitStandby', () => port.exitStandby(group, id(ctx)));
    }
    await waitLifecycle(ctx, group, 'InService', PENDING);
    const g = await port.group(group);
    return { asgGroup: group, asgInService: g ? inService(g).length : '?', asgDesired: g?.desired ?? '?' };
  },
});

/**
 * The rollback of an operation that may take a member out by standby: from EnterStandby on, a member that
 * entered standby goes back in service if a later step fails for good (when running).
 */
export const standbyRollback = () => ({
  from: 'enter-standby',
  steps: [exitStandbyStep({ rollback: true })],
});

/**
 * TerminateInstanceInAutoScalingGroup without decrement: the group launches a replacement. The group's
 * members before are saved first, so the finished message names the new instance. Already terminating
 * (an earlier attempt): not sent again.
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_TerminateInstanceInAutoScalingGroup.html
 */
export const terminateInGroupStep = (): Step<AsgPins> => ({
  name: 'terminate-in-group',
  done: (o) => `terminated through ${String(o.asgGroup)}: the group launches a replacement`,
  async run(ctx) {
    const group = groupOf(ctx);
    const port = portOf(ctx);
    if (!Array.isArray(ctx.outputs.asgBefore)) {
      const g = await port.group(group);
      if (!g) throw gone(ctx, group);
      await ctx.save({ asgGroup: group, asgBefore: g.members.map((m) => m.instanceId) });
    }
    const m = await port.member(id(ctx));
    if (m && !LEAVING.has(m.lifecycle))
      await ctx.call('TerminateInstanceInAutoScalingGroup', () => port.terminateInGroup(id(ctx), false));
    return { asgGroup: group };
  },
});

/** Until the group is back at its desired capacity with every counted instance InService (not the old one). */
export const waitGroupRestoredStep = (): Step<AsgPins> => ({
  name: 'wait-group-restored',
  done: (o) =>
    `${String(o.asgGroup)} back at desired capacity: ${String(o.asgInService)} of ${String(o.asgDesired)} InService`,
  async run(ctx) {
    const group = groupOf(ctx);
    const port = portOf(ctx);
    const old = id(ctx);
    const serving = (g: GroupNow | undefined) => (g ? inService(g).filter((x) => x !== old) : []);
    const g = await waitFor(
      ctx,
      `${group} to be back at its desired capacity, all InService`,
      () => port.group(group),
      (x) => !!x && serving(x).length >= x.desired && !x.members.some((m) => PENDING.has(m.lifecycle)),
      {
        timeoutMs: 20 * MIN,
        stillWaiting: true,
        show: (x) => (x ? `${serving(x).length} of ${x.desired} InService` : 'group not found'),
        fail: (x) => (x ? undefined : gone(ctx, group)),
      },
    );
    const before = new Set((ctx.outputs.asgBefore as string[] | undefined) ?? []);
    const added = serving(g).filter((x) => !before.has(x));
    return { asgGroup: group, asgInService: serving(g).length, asgDesired: g?.desired, asgNew: added };
  },
});

/** The steps of a member replaced through its group (mode `replace`): no EC2 stop or start. */
export const replaceSteps = (): Step<AsgPins>[] => [terminateInGroupStep(), waitGroupRestoredStep()];

/**
 * The run's steps of an operation that stops a member, by its pinned handling (src/ops/asgMode.ts):
 * `replace` → the group's steps instead of the EC2 ones; `standby` → EnterStandby before `core` and,
 * when the run starts it again (`exit`), ExitStandby after it; otherwise `core` alone. `before` and
 * `after` (reads) run either way around the standby steps.
 */
export function withAsg<P extends AsgPins>(
  params: P,
  s: { before?: Step<P>[]; core: Step<P>[]; after?: Step<P>[]; exit: boolean },
): Step<P>[] {
  const asg = asgOfJob(params);
  if (asg?.mode === 'replace') return replaceSteps();
  const standby = asg?.mode === 'standby';
  return [
    ...(s.before ?? []),
    ...(standby ? [enterStandbyStep()] : []),
    ...s.core,
    ...(standby && s.exit ? [exitStandbyStep()] : []),
    ...(s.after ?? []),
  ];
}

/** The finished message's Auto Scaling line: what changed in the group. */
export function asgSummary(o: Record<string, unknown>, instanceId?: string): string | undefined {
  if (typeof o.asgGroup !== 'string') return undefined;
  if (Array.isArray(o.asgNew))
    return `Replaced through Auto Scaling group ${o.asgGroup}: ${instanceId ?? 'the instance'} terminated${o.asgNew.length ? `, new ${o.asgNew.join(', ')}` : ''}; ${String(o.asgInService)} of ${String(o.asgDesired)} desired InService.`;
  if (o.asgLeftInStandby)
    return `Left in standby in Auto Scaling group ${o.asgGroup} (not running): /ec2 start starts it and puts it back in service.`;
  if (o.asgInService !== undefined)
    return `Back in service in Auto Scaling group ${o.asgGroup}: ${String(o.asgInService)} of ${String(o.asgDesired)} desired InService${o.asgDecremented === false ? ' (it entered standby without decrement: the group launched a replacement meanwhile and now trims one by its termination policy)' : ''}.`;
  return `In standby in Auto Scaling group ${o.asgGroup}${o.asgDecremented === false ? ' (without decrement: the group launched a replacement)' : ''}: /ec2 start starts it and puts it back in service.`;
}

/** A run rolled back after a member entered standby: the failure, then where the member is now. */
export const rolledBack = (r: { failure?: string; outputs: Record<string, unknown> }): string | undefined =>
  r.failure ? [r.failure, asgSummary(r.outputs)].filter(Boolean).join('\n') : undefined;
