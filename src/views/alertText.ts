import type { Alert, AlertEntity } from '../domain/alert';
import { code, esc } from './text';

const METRIC_TITLES: Record<string, string> = {
  StatusCheckFailed: 'Status check failed',
  StatusCheckFailed_System: 'System status check failed',
  StatusCheckFailed_Instance: 'Instance status check failed',
  'unexpected-stop': 'Instance stopped or terminated unexpectedly',
};

/** `AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED` → `Instance retirement scheduled`. */
export function alertTitle(type: string): string {
  const known = METRIC_TITLES[type];
  if (known) return known;
  const words = type
    .replace(/^AWS_EC2_/, '')
    .replace(/_/g, ' ')
    .toLowerCase();
  return esc(words.charAt(0).toUpperCase() + words.slice(1));
}

const fmtTime = (iso: string | undefined): string => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');

/** One instance line: id, region, state (and scheduled start for Health events). */
export function entityLine(e: AlertEntity): string {
  const mark = e.state === 'resolved' ? ':white_check_mark:' : ':small_red_triangle:';
  const start = e.startTime ? ` · starts ${fmtTime(e.startTime)}` : '';
  return `${mark} ${code(e.entity)} ${esc(e.region)} — ${esc(e.statusText)}${start}`;
}

/** What the on-call should know at a glance for each kind of failure. */
export function alertHint(a: Alert): string | undefined {
  if (a.type === 'StatusCheckFailed_System')
    return 'AWS host problem: *Recover* moves it to healthy hardware.';
  if (a.type === 'StatusCheckFailed_Instance' || a.type === 'StatusCheckFailed') {
    return 'The instance itself is failing (not AWS hardware): look for out of memory, a bad OS config change, a full disk — the console output tail is in the thread; check `dmesg`. Reboot often helps; Recover if it does not.';
  }
  if (a.type === 'unexpected-stop')
    return 'No operation of this bot was running on it. Check who or what stopped it (CloudTrail) before starting it again.';
  if (/RETIREMENT|STOP/.test(a.type))
    return 'Stop + start before the start time moves it to new hardware (EBS-backed). Instance-store data is lost; the public IPv4 changes unless an Elastic IP is attached.';
  return undefined;
}

export { fmtTime };
