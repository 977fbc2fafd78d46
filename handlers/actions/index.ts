import { ACTION, type ActionId } from '../../src/actionIds';
import { alertAck } from './alertAck';
import { alertSnooze } from './alertSnooze';
import { notYetAvailable } from './notYetAvailable';
import type { ActionHandler } from './types';

/** Button handlers by base action id. A new one adds one line here. */
export const ACTIONS: Partial<Record<ActionId, ActionHandler>> = {
  [ACTION.op]: notYetAvailable,
  [ACTION.alertAck]: alertAck,
  [ACTION.alertSnooze]: alertSnooze,
};
