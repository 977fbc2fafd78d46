import { stopConfirm } from '../domain/opConfirm';
import { type Consequences, type StopKind, stopConsequences } from '../domain/stopConsequences';
import type { PlanContext } from './spec';

/**
 * Reads the stop facts of the plan's instance (type, stop protection, Spot request, root volume) and
 * turns them into its warnings, blockers and confirm text. Without an EC2 port (a unit test of the
 * planner) only what DescribeInstances said is used.
 */
export async function stopPlanOf(
  ctx: Pick<PlanContext, 'instance' | 'ec2'>,
  kind: StopKind,
): Promise<Consequences & { confirm?: string }> {
  const i = ctx.instance;
  if (!i) return { warnings: [], blockers: [] };
  const facts = ctx.ec2 ? await ctx.ec2.stopFacts(i, { withRoot: kind === 'hibernate' }) : undefined;
  return { ...stopConsequences(i, facts, kind), confirm: stopConfirm(i, facts, kind) };
}
