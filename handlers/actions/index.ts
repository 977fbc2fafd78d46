import { ACTION, type ActionId } from '../../src/views/actionIds';
import { alertAck } from './alertAck';
import { alertResolve } from './alertResolve';
import { alertSnooze } from './alertSnooze';
import { approveAction, rejectAction } from './approval';
import {
  maintenanceAbort,
  maintenanceApprove,
  maintenanceReplan,
  maintenanceRetry,
  maintenanceSkip,
  standingApprove,
} from './maintenance';
import { opAction } from './op';
import { reschedulePickAction } from './reschedulePick';
import type { ActionHandler } from './types';

/** Button handlers by base action id. A new one adds one line here. */
export const ACTIONS: Partial<Record<ActionId, ActionHandler>> = {
  [ACTION.alertAck]: alertAck,
  [ACTION.alertSnooze]: alertSnooze,
  [ACTION.alertResolve]: alertResolve,
  [ACTION.op]: opAction,
  [ACTION.approve]: approveAction,
  [ACTION.reject]: rejectAction,
  [ACTION.reschedulePick]: reschedulePickAction,
  [ACTION.maintenanceApprove]: maintenanceApprove,
  [ACTION.maintenanceRetry]: maintenanceRetry,
  [ACTION.maintenanceSkip]: maintenanceSkip,
  [ACTION.maintenanceAbort]: maintenanceAbort,
  [ACTION.maintenanceReplan]: maintenanceReplan,
  [ACTION.standingApprove]: standingApprove,
};
