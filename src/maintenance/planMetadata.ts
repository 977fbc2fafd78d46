import type { PlanRecord } from '../planner/record';
import type { MessageMetadata } from '../slack/notifier';

/** Metadata on a maintenance plan's message: how the plan is found again once Redis forgot it. */
export const PLAN_METADATA = 'ec2bot_maintenance_plan';

/** The metadata a plan message is posted with (src/recovery/lostPlans.ts reads it back). */
export function planMetadata(r: PlanRecord): MessageMetadata {
  return {
    event_type: PLAN_METADATA,
    event_payload: {
      plan_id: r.id,
      target: r.target,
      accounts: r.accounts.join(',').slice(0, 2000),
      days: String(r.days),
      requester: r.requester,
    },
  };
}
