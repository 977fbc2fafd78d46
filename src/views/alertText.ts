import type { Alert, AlertClosed, AlertEntity, AlertOutcome, InstanceFacts } from '../domain/alert';
import { alertOps, scheduledCodeOf } from '../domain/alertActions';
import { eventMeaning } from '../domain/eventAdvice';
import { AUTO_RECOVERY_FAILURE, AUTO_RECOVERY_SUCCESS } from '../domain/healthEvent';
import { SPOT_INTERRUPTION, SPOT_REBALANCE } from '../domain/spotEvent';
import { code, esc, richText } from './text';
import { slackDate } from './time';

const TITLES: Record<string, string> = {
  StatusCheckFailed: 'Status check failed',
  StatusCheckFailed_System: 'System status check failed',
  StatusCheckFailed_Instance: 'Instance status check failed',
  StatusCheckFailed_AttachedEBS: 'Attached EBS status check failed',
  'unexpected-stop': 'Instance stopped or terminated unexpectedly',
  [SPOT_INTERRUPTION]: 'Spot interruption warning',
  [SPOT_REBALANCE]: 'Spot rebalance recommendation',
  [AUTO_RECOVERY_SUCCESS]: 'AWS recovered the instance (simplified automatic recovery)',
  [AUTO_RECOVERY_FAILURE]: "AWS's automatic recovery failed",
};

/** `AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED` → `Instance retirement scheduled`. */
export function alertTitle(type: string): string {
  const known = TITLES[type];
  if (known) return known;
  const words = type
    .replace(/^AWS_EC2_/, '')
    .replace(/_/g, ' ')
    .toLowerCase();
  return esc(words.charAt(0).toUpperCase() + words.slice(1));
}

/** "*web-1* `i-0abc` · m5.large · EBS root · us-east-1a · 54.1.2.3" — as `/ec2 events` names it. */
function instanceText(e: AlertEntity, f: InstanceFacts | undefined): string {
  const id = code(e.entity);
  if (!f) return `${id} ${esc(e.region)}`;
  if (f.state === NOT_FOUND) return id; // the status says where it was not found

  const parts = [
    f.type,
    f.state && f.state !== 'running' ? f.state : undefined,
    f.rootDevice === 'instance-store' ? 'instance-store root' : f.rootDevice ? 'EBS root' : undefined,
    f.az ?? e.region,
    f.publicIp,
  ].filter(Boolean);
  return `${f.name ? `*${esc(f.name)}* ` : ''}${id} · ${parts.map(esc).join(' · ')}`;
}

/** The look-up's word for an instance the account does not have. */
export const NOT_FOUND = 'not-found';

/**
 * What an entity still open at its source reads once its alert was closed (by hand or by an
 * operation): true now, where the source's last word ("ALARM") no longer is.
 */
function closedText(e: AlertEntity, closed: AlertClosed): string {
  const by = closed.how === 'operation' ? 'closed by the operation' : `closed by ${who(closed.by)}`;
  return `${by}; the source has not reported it over yet (last: ${esc(e.statusText)})`;
}

/** EC2 instance states an event can report (a state-change alert's status). */
const EC2_STATES = new Set(['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated']);

/**
 * The source's status, and what the look-up found when that says something else: an instance the
 * account does not have, or one whose state moved on since the event ("stopped, running again now").
 */
function statusText(e: AlertEntity, account?: string): string {
  const said = esc(e.statusText);
  if (e.instanceId && e.facts?.state === NOT_FOUND)
    return `${said} · not found in ${account ? `*${esc(account)}* ` : ''}${esc(e.region)} — terminated or never existed`;
  const now = e.facts?.state;
  if (now && EC2_STATES.has(e.statusText) && now !== e.statusText) return `${said}, ${esc(now)} again now`;
  return said;
}

/**
 * One entity line: what it is, its state at the source (and scheduled start for Health events). On a
 * closed alert an entity still open at the source says the alert was closed, not the stale state.
 */
export function entityLine(e: AlertEntity, a?: Pick<Alert, 'account' | 'closed'>): string {
  const shut = a?.closed && e.state === 'open' ? a.closed : undefined;
  const mark = e.state === 'resolved' || shut ? ':white_check_mark:' : ':small_red_triangle:';
  const start = e.startTime ? ` · starts ${slackDate(e.startTime)}` : '';
  const what =
    e.kind === 'host'
      ? `Dedicated Host ${code(e.entity)} ${esc(e.region)}`
      : e.kind === 'region'
        ? `region ${code(e.entity)}`
        : e.instanceId
          ? instanceText(e, e.facts)
          : `${code(e.entity)} ${esc(e.region)}`;
  return `${mark} ${what} — ${shut ? closedText(e, shut) : statusText(e, a?.account)}${start}`;
}

const AUTO_RECOVERY_DOC =
  'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-configuration-recovery.html';

/** Every instance of the alert is one the account does not have: there is nothing to act on. */
const noneFound = (a: Alert): boolean => {
  const instances = a.entities.filter((e) => e.instanceId);
  return instances.length > 0 && instances.every((e) => e.facts?.state === NOT_FOUND);
};

/** What the on-call should know at a glance for each kind of alert (no promise the buttons do not keep). */
export function alertHint(a: Alert): string | undefined {
  if (!a.public && noneFound(a))
    return `Account *${esc(a.account)}* has no such instance (terminated or never existed): nothing to act on here. A CloudWatch alarm that still watches it can be deleted.`;
  const canRecover = a.entities.some((e) => alertOps(a, e).includes('recover'));
  if (a.public)
    return `Region-wide AWS issue (AWS Health Dashboard), not about one instance. While it lasts *Recover* (stop + start) may fail — EC2 may lack the capacity to start the instance again — and AWS's own automatic recovery does not run (<${AUTO_RECOVERY_DOC}|AWS>). Prefer waiting unless an instance is down.`;
  if (/DEDICATED_HOST/.test(a.type))
    return 'Every instance on this Dedicated Host is affected. With host maintenance on, AWS moves them to a replacement host; otherwise stop and start them onto another host before the start time.';
  switch (a.type) {
    case 'StatusCheckFailed_System': {
      const auto = a.entities.filter((e) => e.facts?.autoRecovery === 'default' && e.state === 'open');
      const base = canRecover
        ? 'AWS host problem: *Recover* (stop + start) moves it to healthy hardware.'
        : 'AWS host problem.';
      return auto.length
        ? `${base} AWS's simplified automatic recovery is on for ${auto.map((e) => code(e.entity)).join(', ')}: AWS moves it itself and keeps its public IP — give it a few minutes; a stop + start changes the public IPv4 unless an Elastic IP is attached.`
        : base;
    }
    case 'StatusCheckFailed_Instance':
    case 'StatusCheckFailed':
      return 'The instance itself is failing (not AWS hardware): look for out of memory, a bad OS config change, a full disk — the console output tail is in the thread; check `dmesg`. Reboot often helps; Recover if it does not.';
    case 'StatusCheckFailed_AttachedEBS':
      return "An attached EBS volume is impaired — not the OS, and a stop + start does not fix it. Check the volume's own status (EC2 → Volumes → Status checks): if EBS disabled its I/O, check the file system (`fsck`) and enable I/O (or set `autoEnableIO`); replace the volume from a snapshot if it stays impaired.";
    case 'unexpected-stop':
      return a.entities.every((e) => e.facts?.state === 'running')
        ? 'No operation of this bot was running on it, and the look-up found it *running* again: check who or what stopped and started it (CloudTrail).'
        : 'No operation of this bot was running on it. Check who or what stopped it (CloudTrail) before starting it again.';
    case SPOT_INTERRUPTION:
      return 'Nothing to approve: drain it now (take it out of the load balancer, save work). An Auto Scaling group launches a replacement; otherwise launch one yourself.';
    case SPOT_REBALANCE:
      return 'Elevated risk of a Spot interruption: move its work, or let Capacity Rebalancing launch a replacement, while it still runs.';
    case AUTO_RECOVERY_SUCCESS:
      return 'AWS moved it to healthy hardware and kept its public IP; to the OS it was an unplanned reboot (RAM lost). Check the application came back.';
    case AUTO_RECOVERY_FAILURE:
      return canRecover
        ? ":warning: AWS's automatic recovery did not work — *now it's on you*: *Recover* (stop + start) moves it to new hardware; the public IPv4 changes unless an Elastic IP is attached."
        : ":warning: AWS's automatic recovery did not work — *now it's on you*.";
  }
  const scheduled = scheduledCodeOf(a.type);
  if (scheduled) {
    const m = eventMeaning(scheduled);
    return `${esc(m.meaning)} _${esc(m.todo)}_`;
  }
  return undefined;
}

const VERB: Record<string, string> = {
  recover: 'Recovered',
  start: 'Started',
  reboot: 'Rebooted',
  backup: 'Backed up',
  stop: 'Stopped',
  hibernate: 'Hibernated',
};

/** "<@U1>" for a Slack user id, the bot's own name otherwise (auto-recover). */
const who = (id: string): string => (/^[UW][A-Z0-9]+$/.test(id) ? `<@${id}>` : esc(id));

/** A summary (one line or several) as one sentence: lines joined, a full stop at the end. */
const sentence = (s: string): string => {
  const t = s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => (/[.!?:]$/.test(l) ? l : `${l}.`))
    .join(' ');
  return t || '';
};

/** "Recovered by @carol at 03:12 — checks OK. Public IPv4 a → b." (or how it failed). */
export function outcomeLine(o: AlertOutcome): string {
  const by = `${who(o.by)}${o.approver ? ` (approved by ${who(o.approver)})` : ''}`;
  const ip =
    o.publicIp && o.publicIp.before !== o.publicIp.after && !/public IPv4/i.test(o.summary)
      ? ` Public IPv4 ${esc(o.publicIp.before ?? 'none')} → ${esc(o.publicIp.after ?? 'none')}.`
      : '';
  if (o.outcome === 'failed')
    return `:x: ${esc(o.op)} by ${by} failed at ${slackDate(o.at, 'time')} — ${richText(sentence(o.summary))}`;
  return `:white_check_mark: ${VERB[o.op] ?? `${esc(o.op)} done`} by ${by} at ${slackDate(o.at, 'time')} — ${richText(sentence(o.summary))}${ip}`;
}

export { who };
