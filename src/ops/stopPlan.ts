import { type InstanceInfo, instanceLabel } from '../domain/instance';
import {
  type Consequences,
  consequenceSummary,
  type StopFacts,
  type StopKind,
  stopConsequences,
} from '../domain/stopConsequences';
import type { PlanContext } from './spec';

const VERB: Record<StopKind, string> = {
  stop: 'Stop',
  'stop-start': 'Stop and start',
  hibernate: 'Hibernate',
  resize: 'Stop, change the type of, and start',
};

/** The confirm dialog's text: what this stop costs this instance, in a line. */
export function stopConfirm(i: InstanceInfo, f: StopFacts | undefined, kind: StopKind): string {
  const lines = consequenceSummary(i, f, kind);
  const what = `${VERB[kind]} ${instanceLabel(i)}`;
  if (!f && !lines.length) return `${what}.`;
  return lines.length
    ? `${what}: ${lines.join('; ')}.`
    : `${what}: RAM contents are lost${kind === 'hibernate' ? ' unless hibernation succeeds' : ''}; no instance store, public IPv4 kept or none, no Auto Scaling group, not Spot.`;
}

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
