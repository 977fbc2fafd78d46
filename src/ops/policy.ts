import { alertIsOpen } from '../alerts/operationOutcome';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { requiresApproval } from './catalog';
import { isMember } from './members';
import type { OperationRequest } from './spec';

export interface Decision {
  /** May this requester ask for this operation at all? */
  allowed: boolean;
  /** Must a second person approve before it runs? */
  needsApproval: boolean;
  /** Why it runs without approval (audit). */
  reason?: string;
}

/**
 * The account policy in one place (STYLE.md do #8): requesters are `operators`; on-call may one-tap
 * recover from an alert when `one_tap_recover` is on and the alert is still open; auto-recover is pre-approved by the account's
 * `auto_recover` setting; everything in `approval.required_for` waits for an approver.
 */
export async function decide(deps: Deps, account: Account, req: OperationRequest): Promise<Decision> {
  if (req.preApproved?.reason === 'auto-recover') {
    const on = account.auto_recover?.enabled === true && req.op === 'recover';
    return { allowed: on, needsApproval: false, reason: 'auto-recover' };
  }
  const oneTap =
    req.op === 'recover' &&
    account.one_tap_recover &&
    (req.preApproved?.reason === 'one-tap-recover' || req.origin?.kind === 'alert') &&
    (await isMember(deps, account.oncall, req.requester)) &&
    // A Recover button outlives its alert (the reference lives for days): once the alert is resolved
    // or closed, the request waits for an approver like any other.
    (req.origin?.kind !== 'alert' || (!!req.origin.id && (await alertIsOpen(deps, req.origin.id))));
  if (oneTap) return { allowed: true, needsApproval: false, reason: 'one-tap-recover' };
  const operator = await isMember(deps, account.operators, req.requester);
  if (!operator) return { allowed: false, needsApproval: true };
  const required = requiresApproval(account, req.op);
  return { allowed: true, needsApproval: required, reason: required ? undefined : 'no-approval-required' };
}
