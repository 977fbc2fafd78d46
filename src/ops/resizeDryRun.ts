import { awsErrorName, classifyAwsError } from '../aws/errors';
import type { ResizeEc2 } from '../aws/resizeOps';
import type { DryRunCheck } from '../views/resize';

/**
 * EC2's own DryRun for the type change: DryRunOperation = the role may do it; UnauthorizedOperation =
 * it may not; IncorrectInstanceState = allowed once stopped. Changes nothing.
 */
export async function resizeDryRun(
  ops: ResizeEc2,
  instanceId: string,
  targetType: string,
): Promise<DryRunCheck[]> {
  const call = `ModifyInstanceAttribute InstanceType=${targetType}`;
  try {
    await ops.setType(instanceId, targetType, true);
    return [{ call, result: 'error', detail: 'EC2 did not answer DryRunOperation' }];
  } catch (err) {
    const kind = classifyAwsError(err);
    if (kind === 'dry-run-ok') return [{ call, result: 'allowed' }];
    if (kind === 'access-denied') return [{ call, result: 'denied', detail: awsErrorName(err) }];
    if (kind === 'wrong-state') return [{ call, result: 'wrong-state' }];
    return [{ call, result: 'error', detail: awsErrorName(err) }];
  }
}
