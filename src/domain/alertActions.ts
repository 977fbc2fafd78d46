import type { Alert, AlertEntity, AlertOp } from './alert';
import { AUTO_RECOVERY_FAILURE } from './healthEvent';
import type { ConfirmFacts } from './opConfirm';

/**
 * The operation buttons one entity of an alert gets: only what fits its state and the alert's kind
 * (issue 14 point 7). Pure.
 * - informational alerts, public notices and Dedicated Hosts: none;
 * - terminated / shutting down: none; stopped: Start (never Reboot); stopping: none yet;
 * - host-reboot Health events: no Reboot (a user reboot of an instance-reboot event is in place and the
 *   event stays; for system-reboot only reboot migration clears it, and only where it is enabled —
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMaintenanceOptions.html; the
 *   way to move it is Reschedule in `/ec2 events`);
 * - attached-EBS failures: no Recover/Reboot (stop + start does not fix an impaired volume);
 * - instance-store roots: no stop + start (it would be terminated); one-time Spot: none either.
 */
export function alertOps(a: Alert, e: AlertEntity): AlertOp[] {
  if (a.info || a.public || !e.instanceId || (e.kind && e.kind !== 'instance')) return [];
  const state = e.facts?.state ?? (a.type === 'unexpected-stop' ? e.statusText : undefined);
  if (state === 'terminated' || state === 'shutting-down' || state === 'stopping' || state === 'not-found')
    return [];
  if (state === 'stopped') return ['start', 'backup'];
  const ebs = e.facts?.rootDevice !== 'instance-store';
  // A one-time Spot instance cannot be stopped (stop-spot-instances.html): no stop + start for it.
  const canStop = ebs && !(e.facts?.spot && e.facts.spotType !== 'persistent');
  const stopStart: AlertOp[] = canStop ? ['recover'] : [];
  switch (a.type) {
    case 'StatusCheckFailed_System':
      return [...stopStart, 'backup'];
    case 'StatusCheckFailed_Instance':
    case 'StatusCheckFailed':
      return ['reboot', ...stopStart, 'backup'];
    case 'StatusCheckFailed_AttachedEBS':
      return [];
    case AUTO_RECOVERY_FAILURE:
      return [...stopStart, 'reboot', 'backup'];
    case 'unexpected-stop':
      // the look-up found it running (someone started it since): nothing to start
      return state === 'running' || state === 'pending' ? ['backup'] : ['start', 'backup'];
  }
  if (/REBOOT/.test(a.type)) return ebs ? ['backup'] : [];
  if (/RETIREMENT|STOP|MAINTENANCE/.test(a.type)) return ebs ? [...stopStart, 'backup'] : [];
  return ebs ? ['backup'] : [];
}

/** Button label: a stop + start is "Recover" for a failed check, "Stop/Start now" before a scheduled event. */
export function opLabel(a: Alert, op: AlertOp, instanceId: string): string {
  if (op === 'recover')
    return a.kind === 'health' && a.type !== AUTO_RECOVERY_FAILURE
      ? 'Stop/Start now'
      : `Recover ${instanceId}`;
  return { start: `Start ${instanceId}`, reboot: 'Reboot', backup: 'Back up (AMI)' }[op];
}

/**
 * The scheduled-event code (DescribeInstanceStatus) a Health event type stands for, so alerts give the
 * same advice as `/ec2 events` (src/domain/eventAdvice.ts).
 */
export function scheduledCodeOf(type: string): string | undefined {
  if (/INSTANCE_RETIREMENT/.test(type)) return 'instance-retirement';
  if (/INSTANCE_STOP/.test(type)) return 'instance-stop';
  if (/INSTANCE_REBOOT/.test(type)) return 'instance-reboot';
  if (/SYSTEM_REBOOT/.test(type)) return 'system-reboot';
  if (/(SYSTEM|NETWORK|POWER)_MAINTENANCE/.test(type) && !/DEDICATED_HOST/.test(type))
    return 'system-maintenance';
  return undefined;
}

/**
 * What the confirm dialog of an alert's button knows of its instance: the facts read when the alert
 * opened, with what a stop + start costs it (worked out then, with the account's Auto Scaling handling:
 * src/alerts/instanceFacts.ts). No facts, or none found: the dialog says the bot could not read it.
 */
export function alertConfirmFacts(e: AlertEntity): ConfirmFacts {
  const id = e.instanceId ?? e.entity;
  const f = e.facts;
  return {
    instanceId: id,
    name: f?.name ? `${f.name} (${id})` : id,
    read:
      f && f.state !== 'not-found'
        ? {
            hasElasticIp: f.hasElasticIp,
            spot: f.spot,
            instanceStore: f.instanceStore,
            costs: (kind) => (kind === 'stop-start' ? f.stopStart : undefined),
          }
        : undefined,
  };
}
