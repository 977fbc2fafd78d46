import { approvePlan, cancelPlan, type PlanClick, replan, resumePlan } from '../../src/maintenance/decide';
import { approveAdditions } from '../../src/maintenance/standingApprove';
import type { ActionHandler, ActionInput } from './types';

/** The plan message's buttons: the value is the plan id only; every check is in src/maintenance/decide. */
const click = (input: ActionInput): PlanClick => ({
  planId: input.value,
  user: input.userId,
  channelId: input.channelId,
  messageTs: input.messageTs,
  correlationId: input.correlationId,
});

export const maintenanceApprove: ActionHandler = async (input, deps) => {
  await approvePlan(deps, click(input));
};
export const maintenanceRetry: ActionHandler = async (input, deps) => {
  await resumePlan(deps, click(input), 'retry');
};
export const maintenanceSkip: ActionHandler = async (input, deps) => {
  await resumePlan(deps, click(input), 'skip');
};
export const maintenanceAbort: ActionHandler = async (input, deps) => {
  await cancelPlan(deps, click(input));
};
export const maintenanceReplan: ActionHandler = async (input, deps) => {
  await replan(deps, click(input));
};
export const standingApprove: ActionHandler = async (input, deps) => {
  await approveAdditions(deps, click(input));
};
