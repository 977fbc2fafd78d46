import { z } from 'zod';
import { ASG_MODES } from '../../domain/autoScaling';

/**
 * The params every operation that stops an instance takes for Auto Scaling members: `asg` (standby |
 * replace | leave; the maintenance planner or a `--standby` / `--replace` flag sets it) and `asgGroup`,
 * which the planner pins once it has read the member from AWS (src/ops/asgMode.ts) — so what runs (and
 * what an approver approves: the params are part of the approval's hash) is the handling the plan showed.
 */
export const asgParams = {
  asg: z.enum(ASG_MODES).optional(),
  asgGroup: z.string().min(1).max(255).optional(),
};

const asgPins = z.object(asgParams);
/** The Auto Scaling part of such an operation's params, which its planner pins and its steps read. */
export type AsgPins = z.infer<typeof asgPins>;

/** `--standby` / `--replace` on `/ec2 stop|recover`. */
export const asgFlags = ['standby', 'replace'] as const;
export const parseAsgFlags = (_rest: string[], flags: ReadonlySet<string>): Record<string, unknown> =>
  flags.has('replace') ? { asg: 'replace' } : flags.has('standby') ? { asg: 'standby' } : {};
