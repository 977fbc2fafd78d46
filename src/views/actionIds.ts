/** Block Kit action ids, shared by views and handlers. Every id starts with `ec2.`. */
export const ACTION = {
  /** Operation buttons on events/status/alert rows: value = RefStore id of an OpRef. */
  op: 'ec2.op',
  approve: 'ec2.approval.approve',
  reject: 'ec2.approval.reject',
  reschedulePick: 'ec2.reschedule.pick',
  alertAck: 'ec2.alert.ack',
  /** `ec2.alert.snooze#1h`, `#4h`, `#morning`: value = alert id. */
  alertSnooze: 'ec2.alert.snooze',
  alertResolve: 'ec2.alert.resolve',
  /** Maintenance plan buttons: value = the plan id. */
  maintenanceApprove: 'ec2.mplan.approve',
  maintenanceRetry: 'ec2.mplan.retry',
  maintenanceSkip: 'ec2.mplan.skip',
  maintenanceAbort: 'ec2.mplan.abort',
  /** Re-plan the plan's target (events that arrived after approval). */
  maintenanceReplan: 'ec2.mplan.replan',
  /** The standing plan's Approve: value = the proposed additions' plan id. */
  standingApprove: 'ec2.standing.approve',
} as const;
export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/**
 * Several buttons of one kind in one message need distinct action ids (Slack requires uniqueness
 * within a block): `ec2.op#3`. Handlers match on the part before `#`.
 */
export const indexedActionId = (base: ActionId, n: number): string => `${base}#${n}`;
export const baseActionId = (actionId: string): string => actionId.split('#')[0] ?? actionId;
