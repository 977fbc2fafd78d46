import type { Operation } from '../../config/operations';
import type { Account } from '../../config/types';
import type { OperationEntry } from '../entry';
import { BACKUP } from './backup';
import { EVENT_WINDOWS } from './eventWindows';
import { FORCE_STOP } from './forceStop';
import { HIBERNATE } from './hibernate';
import { REBOOT } from './reboot';
import { RECOVER } from './recover';
import { RESCHEDULE } from './reschedule';
import { RESIZE } from './resize';
import { SET_MAINTENANCE_OPTIONS } from './setMaintenanceOptions';
import { SNAPSHOTS } from './snapshots';
import { START } from './start';
import { STOP } from './stop';

/**
 * Every operation's catalog entry, by name — total over `Operation`. Step-free: the web process (command
 * table, help, buttons, approvals) reads this and never loads a planner or a step that reaches AWS.
 */
export const CATALOG: Record<Operation, OperationEntry> = {
  backup: BACKUP,
  reboot: REBOOT,
  stop: STOP,
  'force-stop': FORCE_STOP,
  start: START,
  recover: RECOVER,
  hibernate: HIBERNATE,
  resize: RESIZE,
  reschedule: RESCHEDULE,
  snapshots: SNAPSHOTS,
  'event-windows': EVENT_WINDOWS,
  'set-maintenance-options': SET_MAINTENANCE_OPTIONS,
};

/** What people call an operation: the words of the button that asked for it, else its catalog label. */
export const opName = (op: Operation, label?: string): string => label ?? CATALOG[op].label;

/** What an account that does not list `approval.required_for` needs an approver for. */
export const APPROVAL_DEFAULT: readonly Operation[] = Object.values(CATALOG)
  .filter((e) => e.approvalByDefault !== false)
  .map((e) => e.name);

/** Does `op` on this account wait for an approver? A force stop does wherever a stop does. */
export function requiresApproval(account: Pick<Account, 'approval'>, op: Operation): boolean {
  const list = account.approval.required_for ?? APPROVAL_DEFAULT;
  return (
    list.includes(op) || (op === 'force-stop' && list.includes('stop')) || CATALOG[op].approvalAlways === true
  );
}
