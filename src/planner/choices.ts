import type { MaintenanceConfig } from '../config/maintenanceSchema';
import { type EventClass, eventWarnings } from '../domain/eventAdvice';
import type { Durations } from './durations';
import { dateToken, type PlanAction, type PlanRow } from './planTypes';

/**
 * What the plan may do about one event, best first, and the words for what it cannot. Pure. The rules:
 * - instance-store-root `instance-retirement` ends in termination: nothing moves it, least of all
 *   earlier; a person must replace the instance before AWS's date.
 *   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/schedevents_actions_retire.html
 * - an event that ends with the instance stopped (`instance-stop`, EBS-root retirement) is pre-empted by
 *   a stop + start before AWS acts; failing that it stays in (or moves into) a window and the bot starts
 *   the instance once AWS has stopped it (`after_aws_stop: start`), or it says it stays stopped (`leave`).
 *   One AWS lets the plan move that already lies in a window stays there first (src/planner/plan.ts
 *   `fitsAlone`): a second plan keeps the first plan's move.
 * - any other event that AWS already placed inside a window stays there ("AWS acts in your window"),
 *   else it moves into one (reschedule), else the bot pre-empts it (reboot migration, stop + start).
 * - an Auto Scaling member is never stopped bare: `maintenance.asg` standby/replace (the operation takes it
 *   out of the group first; the estimate adds the standby round trip) or `leave` (AWS acts and the group
 *   replaces what AWS stops). A Spot instance is never stopped by a plan.
 */
export interface Choice {
  action: PlanAction;
  why: string;
  /** Expected length of the bot's own action (reboot, stop + start), ms. */
  ms?: number;
}

export interface Choices {
  list: Choice[];
  /** AWS's action stops the instance and nothing pre-empts it: what the plan does after AWS's stop. */
  afterStop?: 'start' | 'leave';
  /**
   * An Auto Scaling member whose stop-causing event AWS may still act on (mode standby or replace): what
   * its group does around AWS's stop. Standby: the bot puts it in standby `STANDBY_LEAD_MS` before AWS's
   * time (with `afterStop: 'start'`); replace: the group replaces what AWS stops (no start after it).
   */
  asg?: { mode: 'standby' | 'replace'; group: string };
  /** Why nothing the bot runs helps (when `list` holds no bot action). */
  noBotAction: string;
  /** Termination ahead: what a person must do before AWS's date. */
  person?: string;
}

const minutes = (ms: number): string => `${Math.round(ms / 60_000)} min`;

/**
 * How long before AWS's (moved or kept) stop time the bot puts an Auto Scaling member in standby
 * (`maintenance.asg: standby`). AWS's stop of an InService member makes the group mark it unhealthy and
 * terminate and replace it (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-health-checks.html);
 * in standby the group leaves it alone. Ten minutes covers the watch's look interval and a lifecycle
 * hook's usual wait, and keeps the member out of service no longer than that before AWS acts.
 */
export const STANDBY_LEAD_MS = 10 * 60_000;

function asgMode(row: PlanRow, cfg: MaintenanceConfig): MaintenanceConfig['asg'] | undefined {
  return row.instance?.autoScalingGroup ? cfg.asg : undefined;
}

function recoverChoice(row: PlanRow, cfg: MaintenanceConfig, durations: Durations): Choice {
  const e = row.event;
  const base = durations(e.account, e.region, 'stop-start');
  const mode = asgMode(row, cfg);
  if (!mode)
    return {
      action: 'recover',
      ms: base,
      why: `EBS-backed: a stop + start (about ${minutes(base)}) before AWS acts moves it to a new host`,
    };
  const extra = durations(e.account, e.region, 'standby');
  const how =
    mode === 'standby'
      ? `EnterStandby → stop + start → all three status checks → ExitStandby (maintenance.asg: standby; about ${minutes(base + extra)} with the standby round trip)`
      : `the group terminates and replaces it (maintenance.asg: replace); the wave ends when ${row.instance?.autoScalingGroup ?? 'the group'} is back at desired capacity, all InService (about ${minutes(base + extra)})`;
  return { action: 'recover', ms: base + extra, why: `Auto Scaling member, never stopped bare: ${how}` };
}

/** The choices for one event on one instance, given its classification and the account's config. */
export function choicesOf(
  row: PlanRow,
  c: EventClass,
  cfg: MaintenanceConfig,
  durations: Durations,
  tried: readonly PlanAction[],
): Choices {
  const i = row.instance;
  const e = row.event;
  const mode = asgMode(row, cfg);
  if (c.terminated)
    return {
      list: [],
      noBotAction: 'instance-store root: AWS *terminates* it — never moved earlier, never done by the bot',
      person:
        'launch a replacement from your latest AMI and copy the data off (EBS, S3) — CreateImage cannot back up an instance-store root',
    };
  const touchable = !!i && !i.spot && mode !== 'leave';
  const stopEnds = c.awsAction === 'stop';
  // a member under `replace`: the group replaces what AWS stops, so there is nothing to start after it
  const afterStop = stopEnds && touchable && mode !== 'replace' ? cfg.after_aws_stop : undefined;
  const asg =
    stopEnds && touchable && (mode === 'standby' || mode === 'replace') && i.autoScalingGroup
      ? { mode, group: i.autoScalingGroup }
      : undefined;
  const keep: Choice = { action: 'aws', why: 'AWS acts in your window: it stays where AWS put it' };
  const move: Choice = {
    action: 'reschedule',
    why: e.notBeforeDeadline
      ? `the deadline ${dateToken(Date.parse(e.notBeforeDeadline))} lets AWS's start move into a window`
      : 'moved into a window',
  };
  const pre = e.code === 'instance-reboot' || !touchable ? [] : c.preempt;
  const recover = pre.includes('stop-start') && !tried.includes('recover');
  const reboot = pre.includes('reboot-migration') && !tried.includes('reboot');
  const list: Choice[] = [];
  const rebootMs = durations(e.account, e.region, 'reboot');
  const rebootChoice: Choice = {
    action: 'reboot',
    ms: rebootMs,
    why: `reboot migration is on: a reboot (about ${minutes(rebootMs)}) before AWS acts moves it to new hardware`,
  };
  if (stopEnds && recover) list.push(recoverChoice(row, cfg, durations));
  if (e.notBefore) list.push(keep);
  if (c.reschedulable) list.push(move);
  if (!stopEnds && reboot) list.push(rebootChoice);
  if (!stopEnds && recover) list.push(recoverChoice(row, cfg, durations));
  return {
    list,
    ...(afterStop ? { afterStop } : {}),
    ...(asg ? { asg } : {}),
    noBotAction: noBotActionWhy(row, c, mode, tried),
  };
}

function noBotActionWhy(
  row: PlanRow,
  c: EventClass,
  mode: MaintenanceConfig['asg'] | undefined,
  tried: readonly PlanAction[],
): string {
  const i = row.instance;
  const why = c.rescheduleBlocker ?? 'AWS does not allow moving it';
  if (!i) return 'the instance is not in EC2 (terminated?)';
  if (row.event.code === 'instance-reboot')
    return `cannot move it (${why}) and a reboot of your own does not clear it`;
  if (i.spot)
    return `cannot move it (${why}) and a plan does not stop a Spot instance (a one-time Spot cannot be stopped; a persistent one may not come back)`;
  if (mode === 'leave')
    return `maintenance.asg is leave: the bot does not take Auto Scaling members out${c.stoppedAfter ? ` — ${i.autoScalingGroup} replaces it when AWS stops it` : ''}`;
  if (tried.length) return `${tried.join(', ')} did not clear it and nothing else the bot runs moves it`;
  return `cannot move it (${why}) and nothing the bot runs moves it off the host`;
}

/** When the bot puts a member in standby before AWS's stop at `awsAt` (epoch ms): standby mode with a start after it. */
export const standbyAtOf = (ch: Pick<Choices, 'afterStop' | 'asg'>, awsAt: number): number | undefined =>
  ch.asg?.mode === 'standby' && ch.afterStop === 'start' ? awsAt - STANDBY_LEAD_MS : undefined;

/** What happens after AWS's stop, by the account's config and the member's group. */
function afterLines(ch: Pick<Choices, 'afterStop' | 'asg'>, awsAt: number | undefined): string[] {
  const at = awsAt !== undefined ? dateToken(awsAt) : 'its time';
  const standbyAt = awsAt !== undefined ? standbyAtOf(ch, awsAt) : undefined;
  if (ch.asg && standbyAt !== undefined)
    return [
      `Auto Scaling member: the bot puts it in standby at ${dateToken(standbyAt)} (Auto Scaling group ${ch.asg.group}), so the group does not replace it when AWS stops it at ${at}; it starts it after AWS's stop, waits for all three status checks and returns it to service (ExitStandby) — if AWS does not act, it returns it to service (reported in the plan thread)`,
    ];
  if (ch.asg?.mode === 'replace')
    return [
      `when AWS stops it, ${ch.asg.group} replaces it (maintenance.asg: replace): the group marks the stopped member unhealthy and launches a new instance — nothing is started after AWS's stop`,
    ];
  if (ch.afterStop === 'start')
    return [
      `start after AWS's stop: from ${at} the bot watches it and starts it once AWS has stopped it, then waits for all three status checks (reported in the plan thread)`,
    ];
  if (ch.afterStop === 'leave' && ch.asg)
    return [
      `AWS stops it and the bot does not start it (maintenance.after_aws_stop: leave): ${ch.asg.group} marks the stopped member unhealthy and launches a replacement`,
    ];
  if (ch.afterStop === 'leave')
    return ['AWS stops it and it *stays stopped* (maintenance.after_aws_stop: leave)'];
  return [];
}

/**
 * Lines on an event AWS still acts on: what happens after AWS's stop, and what AWS's action costs.
 * `awsAt`: AWS's time as the plan has it (moved or kept; default the event's NotBefore).
 */
export function awsLines(
  row: PlanRow,
  ch: Pick<Choices, 'afterStop' | 'asg'>,
  now: Date,
  awsAt: number | undefined = row.event.notBefore ? Date.parse(row.event.notBefore) : undefined,
): string[] {
  const after = afterLines(ch, awsAt);
  // a member is not left stopped: the bot starts it, or its group replaces it
  const stopsNotStays = ch.afterStop === 'start' || !!ch.asg;
  const warnings = eventWarnings(row.event, row, now).filter(
    (w) =>
      !(stopsNotStays && w.startsWith('AWS stops it and it stays stopped')) &&
      !w.startsWith('instance-store root: AWS will *terminate*') && // the plan's "needs a person" line says it
      !w.startsWith('Stop/Start now would'), // the events row's button: the plan runs no stop + start here
  );
  return [...after, ...warnings];
}
