import { ec2Ops, type ScheduledEvent } from '../aws/ec2Ops';
import type { Deps } from '../deps';
import { RESCHEDULE_MIN_LEAD_MS, rescheduleRule } from '../domain/eventAdvice';
import { type InstanceInfo, instanceLabel } from '../domain/instance';
import { utcStamp } from '../domain/time';
import type { OperationPlan, OperationRequest } from '../opsApi';

/** EC2 refuses a new start time less than an hour ahead (the rule lives in the domain's event advice). */
export const MIN_LEAD_MS = RESCHEDULE_MIN_LEAD_MS;

/**
 * Why a scheduled event cannot move to `notBefore` (empty: it can). Pure. The event-level rules (a
 * deadline, not history, not starting within 5 minutes) are the ones `/ec2 events` offers the button by.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/reschedule-event.html
 */
export function rescheduleBlockers(
  event: ScheduledEvent | undefined,
  notBefore: Date | undefined,
  now: Date,
): string[] {
  if (!event) return ['the scheduled event is gone (completed or canceled)'];
  const rule = rescheduleRule({ ...event, eventId: event.id }, now);
  if (rule) return [rule];
  if (!notBefore || Number.isNaN(notBefore.getTime())) return ['pick a new start time'];
  const out: string[] = [];
  if (notBefore.getTime() < now.getTime() + MIN_LEAD_MS)
    out.push('the new start time must be at least 60 minutes ahead');
  const deadline = new Date(event.notBeforeDeadline ?? '');
  if (notBefore.getTime() > deadline.getTime()) {
    out.push(`the new start time must be before the deadline ${utcStamp(deadline)}`);
  }
  return out;
}

/** Reschedule plan: reads the event from EC2 (DescribeInstanceStatus) and checks the picked time. */
export async function planReschedule(
  deps: Deps,
  req: OperationRequest,
  i?: InstanceInfo,
): Promise<OperationPlan> {
  const account = deps.config.accounts.get(req.account);
  const eventId = typeof req.params?.eventId === 'string' ? req.params.eventId : '';
  const notBefore = typeof req.params?.notBefore === 'string' ? new Date(req.params.notBefore) : undefined;
  let event: ScheduledEvent | undefined;
  if (account && req.region && req.instanceId) {
    const ec2 = ec2Ops(deps.aws.ec2(account, req.region, { requester: req.requester }));
    event = (await ec2.statusChecks(req.instanceId)).events.find((e) => e.id === eventId);
  }
  return {
    title: `Reschedule ${event?.code ?? 'the event'} on ${i ? instanceLabel(i) : req.instanceId}`,
    steps: [`ModifyInstanceEventStartTime to ${notBefore?.toISOString() ?? '(not picked)'}`],
    warnings: event?.notBefore ? [`currently scheduled for ${event.notBefore}`] : [],
    blockers: rescheduleBlockers(event, notBefore, deps.now()),
  };
}
