import type { Account } from '../config/types';

/**
 * How the bot takes an Auto Scaling group member out for a stop (`maintenance.asg`, or the operation's
 * `asg` param): never a bare stop, because the group marks a stopped member unhealthy and replaces it.
 * Pure: the plan lines, warnings, blockers and confirm words of each mode.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-enter-exit-standby.html
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_EnterStandby.html
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_TerminateInstanceInAutoScalingGroup.html
 */

export const ASG_MODES = ['standby', 'replace', 'leave'] as const;
export type AsgMode = (typeof ASG_MODES)[number];

export const isAsgMode = (v: unknown): v is AsgMode => ASG_MODES.includes(v as AsgMode);

/** What the plan knows of the member and its group (DescribeAutoScalingInstances / Groups). */
export interface AsgFacts {
  group: string;
  mode: AsgMode;
  /** The member's lifecycle state (`InService`, `Standby`, …); undefined when not read. */
  lifecycle?: string;
  min?: number;
  desired?: number;
}

/**
 * EnterStandby with ShouldDecrementDesiredCapacity works only while the desired capacity after it stays
 * at or above the group's minimum (API_EnterStandby.html). Unknown sizes: assume it can.
 */
export const canDecrement = (f: Pick<AsgFacts, 'min' | 'desired'>): boolean =>
  f.min === undefined || f.desired === undefined || f.desired - 1 >= f.min;

/**
 * What the operation does to the instance, for the lines that differ by operation: `stop` leaves it
 * stopped (in standby), `recover` stops and starts it, `resize` stops, changes the type and starts it
 * (replace does not apply: the group's replacement would have the launch template's type), `start`
 * only starts it.
 */
export type AsgOp = 'stop' | 'recover' | 'resize' | 'start';

export interface AsgPlanLines {
  /** Steps before the EC2 calls (standby in) and after them (standby out); replace: all its steps. */
  before: string[];
  after: string[];
  warnings: string[];
  blockers: string[];
  /** The confirm dialog's words (short: Slack shows 300 characters). */
  confirm?: string;
  /** `replace`: the EC2 stop/start steps do not run; the group replaces the instance. */
  replaces: boolean;
}

const atMinimum = (f: AsgFacts, id: string): string =>
  `group ${f.group} is at its minimum size (${f.min}): it cannot shrink, so the bot puts ${id} in standby *without* decrementing — the group launches a replacement while ${id} is out, and when ${id} returns it has one instance more than desired and terminates one by its termination policy`;

/** Mode `replace` on a resize: the group's replacement would come from its launch template, not the new type. */
const NOT_REPLACE =
  " — standby, not replace: a replacement would have the launch template's type, not the new one";

function standbyLines(f: AsgFacts, id: string, op: AsgOp): AsgPlanLines {
  const inStandby = f.lifecycle === 'Standby';
  const decrement = canDecrement(f);
  const enter = `${
    inStandby
      ? `${id} is already in standby in ${f.group}: not entered again`
      : decrement
        ? `EnterStandby in Auto Scaling group ${f.group} (ShouldDecrementDesiredCapacity: the group launches no replacement)`
        : `EnterStandby in Auto Scaling group ${f.group} without decrement (at its minimum size)`
  }${op === 'resize' && f.mode === 'replace' ? NOT_REPLACE : ''}`;
  const exit = `ExitStandby: back in service in ${f.group}`;
  const warnings = [
    op === 'stop'
      ? `member of Auto Scaling group ${f.group}: taken out of the group first (standby), so the group does not replace it while it is stopped; it stays in standby — \`/ec2 start\` starts it and puts it back in service`
      : `member of Auto Scaling group ${f.group}: taken out of the group first (standby), so the group does not replace it while it is stopped, and put back in service once all three status checks pass`,
  ];
  if (!inStandby && !decrement) warnings.push(atMinimum(f, id));
  return {
    before: [enter],
    after: op === 'stop' ? [] : [exit],
    warnings,
    blockers: [],
    confirm: `takes it out of Auto Scaling group ${f.group} (standby) first${!inStandby && !decrement ? ', without decrement: the group is at its minimum, a replacement launches meanwhile' : ''}`,
    replaces: false,
  };
}

function replaceLines(f: AsgFacts, id: string): AsgPlanLines {
  return {
    before: [
      `TerminateInstanceInAutoScalingGroup ${id} (ShouldDecrementDesiredCapacity false: ${f.group} launches a replacement)`,
      `wait until ${f.group} is back at its desired capacity${f.desired !== undefined ? ` (${f.desired})` : ''}, every instance InService`,
    ],
    after: [],
    warnings: [
      `member of Auto Scaling group ${f.group}, Auto Scaling mode replace: ${id} is *terminated*, not stopped — the group launches a new instance from its launch template (new id and IPs; data on ${id}'s own volumes is gone unless they outlive it)`,
    ],
    blockers: [],
    confirm: `terminates it through Auto Scaling group ${f.group}, which launches a replacement`,
    replaces: true,
  };
}

/**
 * The plan lines of an operation on a member, by mode. `start` never stops it, so `replace` does not
 * apply to it: a member in standby is started, checked and put back (standby), or left in standby (leave).
 * A resize in mode `replace` runs standby and its EnterStandby line says why.
 */
export function asgPlanLines(f: AsgFacts, id: string, op: AsgOp): AsgPlanLines {
  if (op === 'start') {
    if (f.mode === 'leave' || f.lifecycle !== 'Standby')
      return {
        before: [],
        after: [],
        warnings:
          f.lifecycle === 'Standby'
            ? [`it is in standby in ${f.group} and the Auto Scaling mode is leave: it stays in standby`]
            : [],
        blockers: [],
        replaces: false,
      };
    return standbyLines(f, id, op);
  }
  if (f.mode === 'replace' && op !== 'resize') return replaceLines(f, id);
  if (f.mode === 'leave')
    return {
      before: [],
      after: [],
      warnings: [],
      blockers: [
        `member of Auto Scaling group ${f.group} and the Auto Scaling mode is leave: a bare stop makes the group mark it unhealthy and replace it (terminate it) — ask again with --standby (standby first)${op === 'resize' ? '' : ' or --replace (terminate through the group), or let AWS act'}`,
      ],
      confirm: `ASG ${f.group} member, mode leave: refused (the group would replace it)`,
      replaces: false,
    };
  return standbyLines(f, id, op);
}

/** The confirm words of a stop + start button on a member, by the account's mode (views without AWS reads). */
export const asgConfirmOf = (
  i: { id: string; autoScalingGroup?: string },
  mode: AsgMode | undefined,
): string | undefined =>
  i.autoScalingGroup && mode
    ? asgPlanLines({ group: i.autoScalingGroup, mode }, i.id, 'recover').confirm
    : undefined;

/** `maintenance.asg` of the account (under the account or `defaults`), else `standby`. */
export function accountAsgMode(account: Pick<Account, 'maintenance'>): AsgMode {
  return account.maintenance?.asg ?? 'standby';
}
