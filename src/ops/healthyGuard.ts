import type { PlanContext } from './spec';

/**
 * A Recover asked from an alert (its button, or the bot's auto-recover) on an instance whose status
 * checks pass again has nothing to recover: a stop + start would take a healthy instance down a second
 * time (issue 14 point 8). One DescribeInstanceStatus, in the worker's plan. A recover asked with
 * `/ec2 recover` is the person's explicit choice and is not checked.
 */
export async function healthyNow(ctx: PlanContext): Promise<string[]> {
  const kind = ctx.req.origin?.kind;
  const i = ctx.instance;
  if ((kind !== 'alert' && kind !== 'auto') || !ctx.ec2 || !i || i.state !== 'running') return [];
  const c = await ctx.ec2.statusChecks(i.id);
  if (c.system !== 'ok' || c.instance !== 'ok') return [];
  return [
    `its status checks pass now (system ok, instance ok): nothing to recover from this alert. To stop and start it anyway, ask with \`/ec2 recover ${ctx.account.alias} ${i.id}\`.`,
  ];
}
