/** What one AWS event says about one instance (or other entity). Parsed from webhooks; pure data. */
export type AlertKind = 'health' | 'status-check' | 'state-change' | 'spot';

/** What an alert's entity is: an instance (buttons), a Dedicated Host, or a whole region (public event). */
export type EntityKind = 'instance' | 'host' | 'region' | 'other';

export interface AlertSignal {
  accountId: string;
  region: string;
  kind: AlertKind;
  /** Aggregation type: Health eventTypeCode, alarm metric name, or `unexpected-stop` / `instance-running`. */
  type: string;
  /** Raw entity (instance id, or what Health named when it is not an instance). */
  entity: string;
  instanceId?: string;
  /** Correlates later changes with the alert this entity belongs to (eventArn|entity, alarm|entity). */
  entityKey: string;
  /** entityKey + the source's last-updated time: the same value means the same delivery (replay). */
  dedupeKey: string;
  /** open: something is wrong; resolved: it is over; info: a fact that closes a loop. */
  state: 'open' | 'resolved' | 'info';
  /** The source's own status word: ALARM, OK, open, closed, upcoming, stopped, running. */
  statusText: string;
  urgent: boolean;
  /** ISO time of the change at the source. */
  at: string;
  /** Health: scheduled start (ISO). */
  startTime?: string;
  eventArn?: string;
  /** Source text (Health description, alarm reason). Unescaped: views escape it. */
  description?: string;
  /** Default: `instance` when instanceId is set, else `other`. */
  entityKind?: EntityKind;
  /** A fact worth knowing, not a failure: no mention, no escalation, no operation buttons. */
  info?: boolean;
  /**
   * A public (region-wide) AWS Health event: not about this account's resources. The ingest job turns
   * it into one notice per account the bot manages in that region (expandPublicSignal).
   */
  scope?: 'public';
}

export type ParsedEvent =
  | { kind: 'signals'; accountId: string; signals: AlertSignal[] }
  | { kind: 'ignored'; reason: string }
  | { kind: 'unknown'; type: string };

export const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
