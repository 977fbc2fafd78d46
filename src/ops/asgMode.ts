import {
  type AsgFacts,
  type AsgMode,
  type AsgOp,
  type AsgPlanLines,
  accountAsgMode,
  asgPlanLines,
} from '../domain/autoScaling';
import type { AsgPins } from './catalog/asg';
import type { PlanContext } from './spec';

/** The pinned handling of a job: the group and the mode, or undefined for a plain EC2 run. */
export function asgOfJob(params: AsgPins): { group: string; mode: AsgMode } | undefined {
  const { asgGroup: group, asg: mode } = params;
  return group && mode ? { group, mode } : undefined;
}

/**
 * Reads the member and its group (DescribeAutoScalingInstances, DescribeAutoScalingGroups) and returns
 * the plan's Auto Scaling lines; pins `asg` and `asgGroup` in `ctx.params` when the run must take the
 * member out (and clears them when it need not). A member only by its tag (AWS says it is in no group
 * any more) is planned as a plain instance.
 */
export async function asgPlanOf(ctx: PlanContext<AsgPins>, op: AsgOp): Promise<AsgPlanLines | undefined> {
  const i = ctx.instance;
  const unpin = () => {
    delete ctx.params.asgGroup;
    return undefined;
  };
  if (!i?.autoScalingGroup) return unpin();
  const mode = ctx.params.asg ?? accountAsgMode(ctx.account);
  // Without an EC2 port (a unit test of the planner) only the tag is known, as in stopPlanOf.
  const port = ctx.ec2
    ? ctx.deps.asgPort(ctx.account, i.region, { requester: ctx.req.requester })
    : undefined;
  const facts: AsgFacts = { group: i.autoScalingGroup, mode };
  if (port) {
    const m = await port.member(i.id);
    if (!m) return unpin();
    const g = await port.group(m.group);
    Object.assign(facts, { group: m.group, lifecycle: m.lifecycle, min: g?.min, desired: g?.desired });
  }
  const lines = asgPlanLines(facts, i.id, op);
  // A start never stops the member: what it runs is the way back from standby, whatever the mode. A
  // resize never replaces it (the replacement would have the launch template's type): standby.
  const pinned = op === 'start' || (op === 'resize' && mode === 'replace') ? 'standby' : mode;
  if (lines.before.length || lines.after.length) {
    ctx.params.asg = pinned;
    ctx.params.asgGroup = facts.group;
  } else unpin();
  return lines;
}
