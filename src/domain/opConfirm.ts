import type { Operation } from '../config/schema';
import { type AsgMode, asgConfirmOf } from './autoScaling';
import { type EventFacts, rebootMigrationOn } from './eventAdvice';
import { type InstanceInfo, instanceLabel } from './instance';
import { consequenceSummary, type StopFacts, type StopKind } from './stopConsequences';

/** A confirm dialog's words (plain text; views escape it and add the danger style). */
export interface ConfirmText {
  title: string;
  text: string;
  /** The dialog's confirm button (the button's own label). */
  button?: string;
}

const STOP_VERB: Record<StopKind, string> = {
  stop: 'Stop',
  'stop-start': 'Stop and start',
  hibernate: 'Hibernate',
  resize: 'Stop, change the type of, and start',
};

/** What a stop costs this instance, in one line for a confirm dialog (≤ 300 characters in Slack). */
export function stopConfirm(i: InstanceInfo, f: StopFacts | undefined, kind: StopKind): string {
  const lines = consequenceSummary(i, f, kind);
  const what = `${STOP_VERB[kind]} ${instanceLabel(i)}`;
  if (lines.length) return `${what}: ${lines.join('; ')}.`;
  // What it keeps, said only as far as it is known (the type's instance store needs DescribeInstanceTypes).
  const keeps = [
    f?.instanceStore === false ? 'no instance store' : undefined,
    i.hasElasticIp ? 'its Elastic IP stays' : 'no public IPv4 to lose',
    'no Auto Scaling group',
    'not Spot',
  ].filter(Boolean);
  return `${what}: RAM contents are lost${kind === 'hibernate' ? ' unless hibernation succeeds' : ''}; ${keeps.join(', ')}.`;
}

/** The operation a button runs, as its catalog entry says: its name and, if it stops the instance, how. */
export interface ConfirmSubject {
  name: Operation;
  stops?: StopKind;
}

/**
 * The confirm dialog of a button that runs `op` on this instance, from what the view already knows
 * (DescribeInstances and the type's instance store): only what applies to it. Undefined for a button
 * that changes nothing (reschedule opens a picker; backup takes an AMI without a reboot). Pure.
 */
export function opConfirm(
  op: ConfirmSubject,
  i: InstanceInfo | undefined,
  instanceId: string,
  facts: StopFacts | undefined,
  opts: { rebootMigration?: boolean; label?: string } = {},
): ConfirmText | undefined {
  const label = opts.label ?? op.name;
  const text = confirmText(op, i, instanceId, facts, { ...opts, label });
  return text === undefined ? undefined : { title: `${label}?`, text, button: label };
}

function confirmText(
  op: ConfirmSubject,
  i: InstanceInfo | undefined,
  instanceId: string,
  facts: StopFacts | undefined,
  opts: { rebootMigration?: boolean; label: string },
): string | undefined {
  const label = opts.label;
  const kind = op.stops;
  if (kind) {
    if (!i)
      return `${label} ${instanceId}: the bot could not read it — a public IPv4 without an Elastic IP changes and instance-store volumes come back blank.`;
    return stopConfirm(i, facts, kind);
  }
  const name = i ? instanceLabel(i) : instanceId;
  if (op.name === 'reboot')
    return opts.rebootMigration
      ? `Reboot ${name}: AWS tries reboot migration to new hardware (then the event clears); if that fails it is an in-place reboot and the event stays. IPs and instance-store data are kept; RAM is lost.`
      : `Reboot the OS of ${name} in place: same host, same IPs, instance-store data kept; what is in RAM is lost.`;
  if (op.name === 'start')
    return `Start ${name}${i && !i.hasElasticIp ? ': it gets a new public IPv4 (no Elastic IP)' : ''}${i?.spot ? '; Spot: only if capacity is available' : ''}.`;
  return undefined;
}

/** The confirm dialog of an `/ec2 events` row's button, from the row's facts (one rule for job and view tests). */
export const eventConfirm = (
  op: ConfirmSubject,
  label: string,
  f: EventFacts,
  instanceId: string,
  /** The account's Auto Scaling mode: how a member is taken out (src/domain/autoScaling.ts). */
  asg?: AsgMode,
): ConfirmText | undefined =>
  opConfirm(
    op,
    f.instance,
    instanceId,
    {
      instanceStore: f.instanceStore,
      spotType: f.instance?.spotType,
      asgConfirm: f.instance ? asgConfirmOf(f.instance, asg) : undefined,
    },
    { rebootMigration: op.name === 'reboot' && rebootMigrationOn(f), label },
  );
