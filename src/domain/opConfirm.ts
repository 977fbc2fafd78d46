import type { Operation } from '../config/schema';
import { type AsgMode, asgConfirmOf } from './autoScaling';
import { type EventFacts, rebootMigrationOn } from './eventAdvice';
import { type InstanceInfo, instanceLabel } from './instance';
import { consequenceSummary, type StopFacts, type StopKind } from './stopConsequences';

/** A confirm dialog's words (plain text; views escape it). */
export interface ConfirmText {
  title: string;
  text: string;
  /** The dialog's confirm button (the button's own label). */
  button?: string;
  /** Danger style: the operation stops, reboots, changes or deletes something (its entry's `destructive`). */
  danger?: boolean;
}

/**
 * What a confirm dialog knows of the instance its button acts on: the same model whether it was read for
 * a status row, an events row (DescribeInstances and the type) or when an alert opened (its facts).
 */
export interface ConfirmFacts {
  instanceId: string;
  /** `web-1 (i-0abc…)`, or the bare id when no Name tag is known. */
  name: string;
  /** What the bot read of it; undefined: it could not read the instance. */
  read?: {
    hasElasticIp?: boolean;
    spot?: boolean;
    /** The type has instance-store volumes (undefined: not read). */
    instanceStore?: boolean;
    /** What a stop of this kind costs it, one short line each (`consequenceSummary`); undefined: not known. */
    costs(kind: StopKind): string[] | undefined;
  };
  /** A reboot now tries reboot migration (a `system-reboot` event on an instance that allows it). */
  rebootMigration?: boolean;
}

/** The words of the confirm dialog of an operation that does not stop the instance: its catalog entry's `confirm`. */
export type ConfirmRule = (f: ConfirmFacts) => string;

/** The operation a button runs, as its catalog entry says (src/ops/catalog/). */
export interface ConfirmSubject {
  name: Operation;
  label: string;
  destructive: boolean;
  /** If it stops the instance, how: the dialog says what that costs *this* instance. */
  stops?: StopKind;
  /** The dialog's words otherwise; no rule and no stop: the button needs no dialog (reschedule opens a picker). */
  confirm?: ConfirmRule;
}

const STOP_VERB: Record<StopKind, string> = {
  stop: 'Stop',
  'stop-start': 'Stop and start',
  hibernate: 'Hibernate',
  resize: 'Stop, change the type of, and start',
};

/** What the confirm dialog knows of an instance read with DescribeInstances (and its type's stop facts). */
export const confirmFactsOf = (
  i: InstanceInfo | undefined,
  instanceId: string,
  f: StopFacts | undefined,
  rebootMigration?: boolean,
): ConfirmFacts => ({
  instanceId,
  name: i ? instanceLabel(i) : instanceId,
  read: i && {
    hasElasticIp: i.hasElasticIp,
    spot: i.spot,
    instanceStore: f?.instanceStore,
    costs: (kind) => consequenceSummary(i, f, kind),
  },
  rebootMigration,
});

/** What a stop costs this instance, in one line for a confirm dialog (≤ 300 characters in Slack). */
function stopText(c: ConfirmFacts, kind: StopKind): string {
  const what = `${STOP_VERB[kind]} ${c.name}`;
  const lines = c.read?.costs(kind);
  if (!c.read || !lines)
    return `${what}: the bot could not read it — a public IPv4 without an Elastic IP changes and instance-store volumes come back blank.`;
  if (lines.length) return `${what}: ${lines.join('; ')}.`;
  // What it keeps, said only as far as it is known (the type's instance store needs DescribeInstanceTypes).
  const keeps = [
    c.read.instanceStore === false ? 'no instance store' : undefined,
    c.read.hasElasticIp ? 'its Elastic IP stays' : 'no public IPv4 to lose',
    'no Auto Scaling group',
    'not Spot',
  ].filter(Boolean);
  return `${what}: RAM contents are lost${kind === 'hibernate' ? ' unless hibernation succeeds' : ''}; ${keeps.join(', ')}.`;
}

/** What a stop costs this instance, in one line for a confirm dialog or a plan's confirm. */
export const stopConfirm = (i: InstanceInfo, f: StopFacts | undefined, kind: StopKind): string =>
  stopText(confirmFactsOf(i, i.id, f), kind);

/**
 * The confirm dialog of a button that runs `op` on this instance, in the words of its catalog entry: what
 * a stop costs *this* instance (`stops`), else the entry's `confirm`. Undefined for a button that needs
 * none. `label` is the button's own words. Pure.
 */
export function confirmOf(op: ConfirmSubject, c: ConfirmFacts, label: string): ConfirmText | undefined {
  const text = op.stops ? stopText(c, op.stops) : op.confirm?.(c);
  return text === undefined ? undefined : { title: `${label}?`, text, button: label, danger: op.destructive };
}

/** The confirm dialog of a button on a row read with DescribeInstances (a status row). */
export const opConfirm = (
  op: ConfirmSubject,
  i: InstanceInfo | undefined,
  instanceId: string,
  facts: StopFacts | undefined,
  opts: { rebootMigration?: boolean; label?: string } = {},
): ConfirmText | undefined =>
  confirmOf(op, confirmFactsOf(i, instanceId, facts, opts.rebootMigration), opts.label ?? op.label);

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
    { rebootMigration: rebootMigrationOn(f), label },
  );
