import { gatherPreflight } from '../aws/resizeFacts';
import type { Deps } from '../deps';
import type { InstanceInfo } from '../domain/instance';
import { preflight } from '../domain/preflight';
import { buildResizePlan } from '../domain/resizePlan';
import { AppError, ErrorCode } from '../errors';
import type { OperationPlan, OperationRequest } from '../opsApi';

export const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

/** `params.targetType`, validated: the only parameter of a resize. */
export function targetTypeOf(req: Pick<OperationRequest, 'params'>): string {
  const t = req.params?.targetType;
  if (typeof t !== 'string' || !INSTANCE_TYPE.test(t))
    throw new AppError(ErrorCode.BadInput, 'A resize needs a target instance type such as `m5.large`.');
  return t;
}

/**
 * Planner of the `resize` operation (registered in src/ops/planners.ts): reads the instance, its AMI,
 * both instance types and the root volume, runs the preflight rules and returns the plan with its
 * checklist. Blockers → no Approve button. Read-only.
 */
export async function planResize(
  deps: Deps,
  req: OperationRequest,
  instance?: InstanceInfo,
): Promise<OperationPlan> {
  const account = deps.config.accounts.get(req.account);
  const region = instance?.region ?? req.region;
  const instanceId = instance?.id ?? req.instanceId;
  if (!account || !region || !instanceId)
    throw new AppError(ErrorCode.BadInput, 'A resize names an account, a region and an instance.');
  const ec2 = deps.aws.ec2(account, region, { requester: req.requester });
  const input = await gatherPreflight(ec2, account.alias, region, instanceId, targetTypeOf(req));
  return buildResizePlan(input, preflight(input));
}
