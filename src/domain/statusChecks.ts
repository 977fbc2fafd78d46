import type { Operation } from '../config/schema';
import type { InstanceInfo } from './instance';

/** Status check results of one instance (DescribeInstanceStatus). */
export interface InstanceChecks {
  account: string;
  region: string;
  instanceId: string;
  state: string;
  system: string;
  instance: string;
}

/** A failing check: impaired, or no data yet. `ok`, `initializing`, `not-applicable` are not failures. */
export const isFailing = (status: string): boolean => status === 'impaired' || status === 'insufficient-data';

export const failingChecks = (all: InstanceChecks[]): InstanceChecks[] =>
  all.filter((c) => isFailing(c.system) || isFailing(c.instance));

export type CheckKind = 'system' | 'instance';

export const CHECK_MEANING: Record<CheckKind, { title: string; meaning: string; todo: string }> = {
  system: {
    title: 'System status check failing',
    meaning: 'The AWS host or its hardware/network has a problem — not your OS.',
    todo: 'Recover with stop + start: it moves the instance to a healthy host.',
  },
  instance: {
    title: 'Instance status check failing',
    meaning: 'The OS does not answer (often out of memory, a full disk or a bad config).',
    todo: 'Read the console output below; a reboot often brings it back.',
  },
};

/** A system failure is the host's: it decides the group even when the instance check fails too. */
export const checkKind = (c: InstanceChecks): CheckKind => (isFailing(c.system) ? 'system' : 'instance');

export interface CheckAction {
  label: string;
  op: Operation;
}

export function checkActions(c: InstanceChecks, i: InstanceInfo | undefined): CheckAction[] {
  if (!i) return [];
  if (checkKind(c) === 'system')
    return i.rootDeviceType === 'ebs' ? [{ label: 'Recover', op: 'recover' }] : [];
  return [{ label: 'Reboot', op: 'reboot' }];
}

/** The last `n` lines of a console log, without trailing blank lines and carriage returns. */
export function lastLines(text: string, n = 20): string[] {
  const lines = text.replace(/\r/g, '').split('\n');
  while (lines.length && lines[lines.length - 1]?.trim() === '') lines.pop();
  return lines.slice(-n);
}
