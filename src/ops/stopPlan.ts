import type { AsgOp, AsgPlanLines } from '../domain/autoScaling';
import { stopConfirm } from '../domain/opConfirm';
import { type Consequences, type StopKind, stopConsequences } from '../domain/stopConsequences';
import { asgPlanOf } from './asgMode';
import type { AsgPins } from './catalog/asg';
import type { PlanContext } from './spec';

/**
 * Reads the stop facts of the plan's instance (type, stop protection, Spot request, root volume) and
 * turns them into its warnings, blockers and confirm text. With `asgOp`, an Auto Scaling member's
 * handling too (standby, replace or leave: src/ops/asgMode.ts), which replaces the generic "the group
 * may replace it" line. Without an EC2 port (a unit test of the planner) only what DescribeInstances
 * said is used.
 */
export async function stopPlanOf(
  ctx: PlanContext<AsgPins>,
  kind: StopKind,
  asgOp?: AsgOp,
): Promise<Consequences & { confirm?: string; asg?: AsgPlanLines }> {
  const i = ctx.instance;
  if (!i) return { warnings: [], blockers: [] };
  const asg = asgOp ? await asgPlanOf(ctx, asgOp) : undefined;
  const read = ctx.ec2 ? await ctx.ec2.stopFacts(i, { withRoot: kind === 'hibernate' }) : undefined;
  const facts = asg?.confirm ? { ...read, asgConfirm: asg.confirm } : read;
  const c = stopConsequences(i, facts, kind);
  return {
    warnings: [...c.warnings, ...(asg?.warnings ?? [])],
    blockers: [...c.blockers, ...(asg?.blockers ?? [])],
    confirm: stopConfirm(i, facts, kind),
    asg,
  };
}

/**
 * A stop's (or stop + start's) plan step lines around an Auto Scaling member's handling: standby lines
 * before and after the EC2 lines; `replace`: the group's steps only (no EC2 stop or start runs).
 */
export const asgStepLines = (a: AsgPlanLines | undefined, ec2: string[]): string[] =>
  a?.replaces ? a.before : [...(a?.before ?? []), ...ec2, ...(a?.after ?? [])];
