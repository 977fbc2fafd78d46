import type { AlertKind, AlertSignal, EntityKind } from './alertSignal';

/** What the worker read about an instance when the alert opened (DescribeInstances), for the message. */
export interface InstanceFacts {
  name?: string;
  type?: string;
  state?: string;
  rootDevice?: 'ebs' | 'instance-store';
  az?: string;
  publicIp?: string;
  hasElasticIp?: boolean;
  /** The type has instance-store volumes (undefined: not read). */
  instanceStore?: boolean;
  /** `MaintenanceOptions.AutoRecovery`: AWS's simplified automatic recovery (`default` = on). */
  autoRecovery?: string;
  /** Spot, and its request type where it was read (a one-time Spot instance cannot be stopped). */
  spot?: boolean;
  spotType?: 'one-time' | 'persistent';
  /** What a stop + start would cost it (instance store, public IP, ASG, Spot…), for the confirm dialog. */
  stopStart?: string[];
  /** The instance's tags (routing by tag, mutes). */
  tags?: Record<string, string>;
}

export interface AlertEntity {
  entityKey: string;
  entity: string;
  instanceId?: string;
  kind?: EntityKind;
  region: string;
  state: 'open' | 'resolved';
  statusText: string;
  at: string;
  startTime?: string;
  facts?: InstanceFacts;
}

/** Operation buttons an alert can carry (AlertOp ⊂ the operations of src/config/schema). */
export type AlertOp = 'recover' | 'start' | 'reboot' | 'backup';

/** What an operation started from this alert did, shown on the message (noteOperationOutcome). */
export interface AlertOutcome {
  op: string;
  outcome: 'done' | 'failed';
  by: string;
  approver?: string;
  at: string;
  summary: string;
  publicIp?: { before?: string; after?: string };
}

/** One alert = one Slack message: an account, a type, the instances it lists, and their states. */
export interface Alert {
  id: string;
  account: string;
  accountId: string;
  channel: string;
  /** Routed by the account's `routing` tag to this team: its channel above, and its on-call here. */
  team?: { name: string; oncall: string[] };
  kind: AlertKind;
  type: string;
  urgent: boolean;
  /** Informational (Spot warning, AWS's own successful recovery): no mention, no escalation, no buttons. */
  info?: boolean;
  /** A region-wide AWS event (public Health event), not about this account's resources. */
  public?: boolean;
  createdAt: string;
  entities: AlertEntity[];
  eventArn?: string;
  description?: string;
  /** The Slack message, once posted. */
  ts?: string;
  /** Held for the quiet-hours digest. */
  held?: boolean;
  /** RefStore ids of the operation buttons, per instance (made once, reused on every update). */
  buttons?: Record<string, Partial<Record<AlertOp, string>>>;
  escalated?: boolean;
  /** Deliveries about this incident (one per signal), and the last one's time. */
  seen?: number;
  lastSeenAt?: string;
  /** Deliveries by the source's status word (ALARM, OK, open…): "alarm 2×, OK 1×". */
  repeats?: Record<string, number>;
  /** When every entity became resolved at the source (a later ALARM soon after reopens the message). */
  resolvedAt?: string;
  /** The last operation started from this alert that ended. */
  outcome?: AlertOutcome;
  /** Closed by hand (Resolve) or by a successful operation; kept under its own key (AlertStore). */
  closed?: AlertClosed;
  /** Regions where AWS had an open public EC2 issue when this alert opened (Recover may fail there). */
  publicIssueRegions?: string[];
}

export interface AlertClosed {
  by: string;
  at: string;
  how: 'hand' | 'operation';
}

export interface AlertMarks {
  ack?: { by: string; at: string };
  snooze?: { by: string; until: string };
}

export const entityOf = (s: AlertSignal): AlertEntity => ({
  entityKey: s.entityKey,
  entity: s.entity,
  instanceId: s.instanceId,
  kind: s.entityKind,
  region: s.region,
  state: s.state === 'resolved' ? 'resolved' : 'open',
  statusText: s.statusText,
  at: s.at,
  startTime: s.startTime,
});

/** Over: closed by hand or by an operation, or every entity resolved at the source. */
export const isResolved = (a: Alert): boolean =>
  a.closed !== undefined || a.entities.every((e) => e.state === 'resolved');

/** The entities' noun for the message: instances, hosts, or the region of a public event. */
export const entityNoun = (a: Alert, n: number): string => {
  const kinds = new Set(a.entities.map((e) => e.kind ?? (e.instanceId ? 'instance' : 'other')));
  const word =
    kinds.size === 1 && kinds.has('host') ? 'Dedicated Host' : kinds.has('region') ? 'region' : 'instance';
  return n === 1 ? word : `${word}s`;
};

/**
 * Applies a later signal to the entity it names. Returns the change to report, or undefined when the
 * signal is older than what the alert already shows (out-of-order delivery) or changes nothing.
 */
export function applySignal(a: Alert, s: AlertSignal): { entity: AlertEntity; from: string } | undefined {
  const e = a.entities.find((x) => x.entityKey === s.entityKey);
  if (!e) return undefined;
  if (s.at < e.at) return undefined;
  if (s.description && s.description !== a.description && s.eventArn && s.eventArn === a.eventArn)
    a.description = s.description;
  if (s.statusText === e.statusText && s.startTime === e.startTime) return undefined;
  const from = e.statusText;
  e.state = s.state === 'resolved' ? 'resolved' : 'open';
  e.statusText = s.statusText;
  e.at = s.at;
  if (s.startTime) e.startTime = s.startTime;
  return { entity: e, from };
}

/**
 * Deliveries about this alert (the signals a window brought it): counted by what the source said, so
 * the message can say what repeated ("alarm 2×, OK 1×, last 03:14").
 */
export function noteSeen(a: Alert, signals: readonly AlertSignal[]): void {
  a.seen = (a.seen ?? 0) + signals.length;
  const repeats = { ...a.repeats };
  let last = a.lastSeenAt ?? '';
  for (const s of signals) {
    repeats[s.statusText] = (repeats[s.statusText] ?? 0) + 1;
    if (s.at.localeCompare(last) > 0) last = s.at;
  }
  a.repeats = repeats;
  a.lastSeenAt = last || a.createdAt;
}

/** How long after its source resolved an alert may be reopened by a new ALARM (a flap, one incident). */
export const REOPEN_WINDOW_MS = 3600_000;

/**
 * Whether an open signal about an entity of this alert belongs to a new incident (a new message): the
 * alert was closed by hand or by an operation, or resolved at the source more than an hour ago.
 */
export function startsNewIncident(a: Alert, s: AlertSignal, now: Date): boolean {
  if (s.state !== 'open') return false;
  if (a.closed) return true;
  if (!a.entities.every((e) => e.state === 'resolved')) return false;
  const since = Date.parse(a.resolvedAt ?? a.createdAt);
  return now.getTime() - since > REOPEN_WINDOW_MS;
}
