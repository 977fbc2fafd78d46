import { awsErrorName, classifyAwsError } from '../aws/errors';
import { DRY_RUN_CALLS, type DryRunCall, type ResizeEc2 } from '../aws/resizeOps';
import type { DryRunCheck } from '../views/resize';

async function check(
  ops: ResizeEc2,
  call: DryRunCall,
  instanceId: string,
  targetType: string,
): Promise<DryRunCheck> {
  const label = call === 'ModifyInstanceAttribute' ? `${call} InstanceType=${targetType}` : call;
  try {
    await ops.dryRun(call, instanceId, targetType);
    return { call: label, result: 'error', detail: 'EC2 did not answer DryRunOperation' };
  } catch (err) {
    const kind = classifyAwsError(err);
    if (kind === 'dry-run-ok') return { call: label, result: 'allowed' };
    if (kind === 'access-denied') return { call: label, result: 'denied', detail: awsErrorName(err) };
    if (kind === 'wrong-state') return { call: label, result: 'wrong-state' };
    return { call: label, result: 'error', detail: awsErrorName(err) };
  }
}

/**
 * EC2's own DryRun for every mutating call of the resize: DryRunOperation = the role may do it;
 * UnauthorizedOperation = it may not; IncorrectInstanceState = allowed once stopped. Changes nothing.
 * (ModifyInstanceAttribute EnaSupport is not dry-run: moto cannot take it, and it shares the permission.)
 */
export function resizeDryRun(ops: ResizeEc2, instanceId: string, targetType: string): Promise<DryRunCheck[]> {
  return Promise.all(DRY_RUN_CALLS.map((call) => check(ops, call, instanceId, targetType)));
}
