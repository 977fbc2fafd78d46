/** An EC2 scheduled event as DescribeInstanceStatus reports it (ISO times). */
export interface ScheduledEventFacts {
  id: string;
  code: string;
  description?: string;
  notBefore?: string;
  notBeforeDeadline?: string;
}

/** EC2 refuses a new start time less than an hour ahead. */
export const MIN_LEAD_MS = 60 * 60_000;

/** Why a scheduled event cannot move to `notBefore` (empty: it can). Pure. */
export function rescheduleBlockers(
  event: ScheduledEventFacts | undefined,
  notBefore: Date | undefined,
  now: Date,
): string[] {
  if (!event) return ['the scheduled event is gone (completed or canceled)'];
  if (/^\[(Completed|Canceled)\]/.test(event.description ?? ''))
    return ['the event is already completed or canceled'];
  if (!event.notBeforeDeadline)
    return [`AWS does not allow moving this ${event.code} event (no deadline to move within)`];
  if (!notBefore || Number.isNaN(notBefore.getTime())) return ['pick a new start time'];
  const out: string[] = [];
  if (notBefore.getTime() < now.getTime() + MIN_LEAD_MS)
    out.push('the new start time must be at least 60 minutes ahead');
  if (notBefore.getTime() > Date.parse(event.notBeforeDeadline)) {
    out.push(`the new start time must be before the deadline ${event.notBeforeDeadline}`);
  }
  return out;
}
