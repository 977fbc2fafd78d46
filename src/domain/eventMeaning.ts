/**
 * What each scheduled-event code means and what can be done about it, as EC2 works today. Pure,
 * unescaped text (views escape). Sources, one page per rule:
 * - event types: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instances-status-check_sched.html
 * - reboots: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/schedevents_actions_reboot.html
 * - maintenance: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/schedevents_actions_maintenance.html
 * - stop / retire: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/schedevents_actions_retire.html
 */

export interface EventMeaning {
  title: string;
  meaning: string;
  todo: string;
}

const MEANINGS: Record<string, EventMeaning> = {
  // "During the reboot, the instance remains on the host … The current host undergoes maintenance"; a
  // user-initiated reboot: "no host maintenance takes place, and the event stays open" (reboots page).
  'instance-reboot': {
    title: 'Instance reboot (in place)',
    meaning:
      'AWS reboots the instance on the same host in the window while the host gets maintenance (typically seconds); its IP addresses and instance-store data stay.',
    todo: 'Reschedule it to a time that suits you. Rebooting it yourself does not help: that reboot is in place, no host maintenance happens and the event stays open.',
  },
  // "the instance is migrated to a new host … retains its IP address and DNS name … data on local
  // instance store volumes is preserved"; user reboot with reboot migration enabled: "If successful, the
  // event is cleared. If unsuccessful, an in-place reboot occurs and the event remains scheduled."
  'system-reboot': {
    title: 'System reboot (reboot migration)',
    meaning:
      'AWS moves the instance to new hardware during a reboot in the window (typically minutes). It keeps its IP addresses, DNS name and instance-store data, so waiting for the window is fine.',
    todo: 'Reschedule it; or, where reboot migration is enabled, reboot now: if the migration succeeds the event clears, otherwise it was an in-place reboot and the event stays. An EBS-backed instance also moves with a stop/start.',
  },
  // "two types of maintenance events: network maintenance and power maintenance"; EBS root: "stop and
  // start the instance, which migrates it to a new host".
  'system-maintenance': {
    title: 'System maintenance (network or power)',
    meaning:
      'Network maintenance: the instance loses network connectivity for a short time. Power maintenance: it is taken offline for a short time, then rebooted with its configuration kept.',
    todo: 'Wait for it, or move an EBS-backed instance to another host first with a stop/start. Instance-store-backed: wait, or launch a replacement and move the data before the window.',
  },
  // "At the scheduled time, the instance is stopped. When you start it again, it's migrated to a new host."
  'instance-stop': {
    title: 'Instance stop',
    meaning:
      'AWS stops the instance in the window (its host is failing), and it stays stopped until someone starts it; starting it moves it to a new host.',
    todo: 'Stop and start it yourself before the window, at a time that suits you.',
  },
  // EBS root: "scheduled to stop"; instance store root: "scheduled to terminate" — "launch a replacement
  // instance from your most recent AMI and migrate all necessary data" (retire page).
  'instance-retirement': {
    title: 'Instance retirement',
    meaning:
      'The host has an irreparable failure. An EBS-backed instance is stopped and stays stopped until someone starts it; an instance-store-backed one is terminated and cannot be used again.',
    todo: 'EBS-backed: stop and start it before the date to move it to a healthy host. Instance-store-backed: launch a replacement and copy the data off (EBS, S3) before the date.',
  },
};

export function eventMeaning(code: string): EventMeaning {
  return (
    MEANINGS[code] ?? {
      title: code,
      meaning: 'An AWS Health event for this instance.',
      todo: 'See the AWS Health Dashboard for the details.',
    }
  );
}

/** `network`, `power` or undefined, from the event's description (EC2 words it either way). */
export function maintenanceKind(description: string | undefined): 'network' | 'power' | undefined {
  if (/\bnetwork\b/i.test(description ?? '')) return 'network';
  if (/\bpower\b/i.test(description ?? '')) return 'power';
  return undefined;
}
