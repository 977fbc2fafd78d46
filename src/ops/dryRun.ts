import type { DryRunCheck } from '../domain/operationPlan';
import { awsErrorName, classifyAwsError } from '../errors/aws';

/**
 * One EC2 DryRun call: DryRunOperation (the port returns normally) = the role may do it;
 * UnauthorizedOperation = it may not; IncorrectInstanceState = allowed, but not in the state the
 * instance is in now (a step before it changes that). Nothing changes either way.
 */
export async function dryCheck(call: string, fn: () => Promise<unknown>): Promise<DryRunCheck> {
  try {
    await fn();
    return { call, result: 'allowed' };
  } catch (err) {
    const kind = classifyAwsError(err);
    if (kind === 'dry-run-ok') return { call, result: 'allowed' };
    if (kind === 'access-denied') return { call, result: 'denied', detail: awsErrorName(err) };
    if (kind === 'wrong-state') return { call, result: 'wrong-state' };
    return { call, result: 'error', detail: awsErrorName(err) };
  }
}
