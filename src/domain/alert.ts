import type { AlertKind, AlertSignal } from './alertSignal';

export interface AlertEntity {
  entityKey: string;
  entity: string;
  instanceId?: string;
  region: string;
  state: 'open' | 'resolved';
  statusText: string;
  at: string;
  startTime?: string;
}

/** One alert = one Slack message: an account, a type, the instances it lists, and their states. */
export interface Alert {
  id: string;
  account: string;
  accountId: string;
  channel: string;
  kind: AlertKind;
  type: string;
  urgent: boolean;
  createdAt: string;
  entities: AlertEntity[];
  eventArn?: string;
  description?: string;
  /** The Slack message, once posted. */
  ts?: string;
  /** Held for the quiet-hours digest. */
  held?: boolean;
  /** RefStore ids of the operation buttons, per instance (made once, reused on every update). */
  buttons?: Record<string, { recover?: string; reboot: string; backup: string }>;
  escalated?: boolean;
}

export interface AlertMarks {
  ack?: { by: string; at: string };
  snooze?: { by: string; until: string };
}

export const entityOf = (s: AlertSignal): AlertEntity => ({
  entityKey: s.entityKey,
  entity: s.entity,
  instanceId: s.instanceId,
  region: s.region,
  state: s.state === 'resolved' ? 'resolved' : 'open',
  statusText: s.statusText,
  at: s.at,
  startTime: s.startTime,
});

export const isResolved = (a: Alert): boolean => a.entities.every((e) => e.state === 'resolved');

/**
 * Applies a later signal to the entity it names. Returns the change to report, or undefined when the
 * signal is older than what the alert already shows (out-of-order delivery) or changes nothing.
 */
export function applySignal(a: Alert, s: AlertSignal): { entity: AlertEntity; from: string } | undefined {
  const e = a.entities.find((x) => x.entityKey === s.entityKey);
  if (!e) return undefined;
  if (s.at < e.at) return undefined;
  if (s.statusText === e.statusText && s.startTime === e.startTime) return undefined;
  const from = e.statusText;
  e.state = s.state === 'resolved' ? 'resolved' : 'open';
  e.statusText = s.statusText;
  e.at = s.at;
  if (s.startTime) e.startTime = s.startTime;
  return { entity: e, from };
}
