import { RESCHEDULE_MIN_LEAD_MS, rescheduleRule } from './eventAdvice';
import { dateToken } from './time';

/** An EC2 scheduled event as DescribeInstanceStatus reports it (ISO times). */
export interface ScheduledEventFacts {
  id: string;
  code: string;
  description?: string;
  notBefore?: string;
  notBeforeDeadline?: string;
}

/** EC2 refuses a new start time less than an hour ahead (the rule lives in the event advice). */
export const MIN_LEAD_MS = RESCHEDULE_MIN_LEAD_MS;

/**
 * Why a scheduled event cannot move to `notBefore` (empty: it can). Pure. The event-level rules (a
 * deadline, not history, not starting within 5 minutes) are the ones `/ec2 events` offers the button by.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/reschedule-event.html
 */
export function rescheduleBlockers(
  event: ScheduledEventFacts | undefined,
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
    out.push(`the new start time must be before the deadline ${dateToken(deadline)}`);
  }
  return out;
}
