import { type AlertSignal, type EntityKind, INSTANCE_ID, type ParsedEvent } from './alertSignal';
import { parseAwsTime } from './rfc1123';

const DAY_MS = 24 * 3600 * 1000;
/** Scheduled changes that take an instance away: urgent when they start within 24 h. */
const TAKES_INSTANCE_AWAY = /RETIREMENT|_STOP_|STOP_SCHEDULED|TERMINAT/;
/**
 * Simplified automatic recovery outcomes (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-configuration-recovery.html):
 * success is a fact (AWS moved the instance and kept its public IP); failure means it is on you now.
 */
export const AUTO_RECOVERY_SUCCESS = 'AWS_EC2_SIMPLIFIED_AUTO_RECOVERY_SUCCESS';
export const AUTO_RECOVERY_FAILURE = 'AWS_EC2_SIMPLIFIED_AUTO_RECOVERY_FAILURE';
const ARN_INSTANCE = /^arn:aws[a-z-]*:ec2:([a-z0-9-]+):\d{12}:instance\/(i-[0-9a-f]{8,17})$/;
const HOST_ID = /^h-[0-9a-f]{8,17}$/;
const ARN_HOST = /^arn:aws[a-z-]*:ec2:([a-z0-9-]+):\d{12}:dedicated-host\/(h-[0-9a-f]{8,17})$/;

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** An affected entity: an instance or Dedicated Host id or ARN (region inside), or something kept raw. */
export function parseEntity(value: string): {
  instanceId?: string;
  hostId?: string;
  region?: string;
  kind: EntityKind;
} {
  if (INSTANCE_ID.test(value)) return { instanceId: value, kind: 'instance' };
  if (HOST_ID.test(value)) return { hostId: value, kind: 'host' };
  const m = ARN_INSTANCE.exec(value);
  if (m) return { region: m[1], instanceId: m[2], kind: 'instance' };
  const h = ARN_HOST.exec(value);
  return h ? { region: h[1], hostId: h[2], kind: 'host' } : { kind: 'other' };
}

const description = (d: Obj): string | undefined => {
  const list = Array.isArray(d.eventDescription) ? (d.eventDescription as Obj[]) : [];
  const en = list.find((x) => x?.language === 'en_US') ?? list[0];
  return str(en?.latestDescription);
};

interface Common {
  accountId: string;
  eventArn: string;
  code: string;
  region: string;
  updated: Date;
  start?: Date;
  status: string;
  closed: boolean;
  urgent: boolean;
  info: boolean;
  description?: string;
}

/** One signal per affected entity (instance, host or raw value). */
function entitySignals(c: Common, entities: Obj[]): AlertSignal[] {
  const out: AlertSignal[] = [];
  for (const e of entities) {
    const value = str(e?.entityValue);
    if (!value) continue;
    const parsed = parseEntity(value);
    const entity = parsed.instanceId ?? parsed.hostId ?? value;
    const entityUpdated = parseAwsTime(e.lastUpdatedTime) ?? c.updated;
    const entityKey = `${c.eventArn}|${entity}`;
    out.push({
      accountId: c.accountId,
      region: parsed.region ?? c.region,
      kind: 'health',
      type: c.code,
      entity,
      instanceId: parsed.instanceId,
      entityKind: parsed.kind,
      entityKey,
      dedupeKey: `${entityKey}|${entityUpdated.toISOString()}|${c.status}`,
      state: c.closed ? 'resolved' : 'open',
      statusText: c.status,
      urgent: c.urgent,
      info: c.info || undefined,
      at: entityUpdated.toISOString(),
      startTime: c.start?.toISOString(),
      eventArn: c.eventArn,
      description: c.description,
    });
  }
  return out;
}

/**
 * An event with no affected entities (a public, region-wide issue — eventScopeCode PUBLIC — or an
 * account notice): one signal for the region. Public ones are fanned out to every managed account in
 * that region by the ingest job. Sample: https://docs.aws.amazon.com/health/latest/ug/about-public-events.html
 */
function regionSignal(c: Common, isPublic: boolean): AlertSignal {
  const entityKey = `${c.eventArn}|region:${c.region}`;
  return {
    accountId: c.accountId,
    region: c.region,
    kind: 'health',
    type: c.code,
    entity: c.region,
    entityKind: 'region',
    entityKey,
    dedupeKey: `${entityKey}|${c.updated.toISOString()}|${c.status}`,
    state: c.closed ? 'resolved' : 'open',
    statusText: c.status,
    urgent: false,
    info: c.info || undefined,
    at: c.updated.toISOString(),
    startTime: c.start?.toISOString(),
    eventArn: c.eventArn,
    description: c.description,
    scope: isPublic ? 'public' : undefined,
  };
}

/**
 * EventBridge "AWS Health Event" for EC2 (scheduledChange, issue, accountNotification), account-specific
 * or public. Times are RFC 1123 strings; page/totalPages/backupEvent are strings; a backup copy
 * (backupEvent "true") is dropped because the primary delivery carries the same content.
 * Schema: https://docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html
 */
export function parseHealthEvent(ev: Obj, now: Date): ParsedEvent {
  const d = (ev.detail ?? {}) as Obj;
  if (d.backupEvent === 'true') return { kind: 'ignored', reason: 'health-backup-copy' };
  if (d.service !== 'EC2') return { kind: 'ignored', reason: 'health-not-ec2' };
  const eventArn = str(d.eventArn);
  const code = str(d.eventTypeCode);
  const accountId = str(d.affectedAccount) ?? str(ev.account);
  if (!eventArn || !code || !accountId) return { kind: 'ignored', reason: 'health-malformed' };
  const start = parseAwsTime(d.startTime);
  const closed = d.statusCode === 'closed' && code !== AUTO_RECOVERY_FAILURE;
  const soon = start !== undefined && start.getTime() - now.getTime() < DAY_MS;
  const c: Common = {
    accountId,
    eventArn,
    code,
    region: str(d.eventRegion) ?? str(ev.region) ?? 'us-east-1',
    updated: parseAwsTime(d.lastUpdatedTime) ?? parseAwsTime(ev.time) ?? now,
    start,
    status: code === AUTO_RECOVERY_FAILURE ? 'failed' : (str(d.statusCode) ?? 'open'),
    closed,
    urgent: code === AUTO_RECOVERY_FAILURE || (!closed && TAKES_INSTANCE_AWAY.test(code) && soon),
    info: code === AUTO_RECOVERY_SUCCESS,
    description: description(d),
  };
  const entities = Array.isArray(d.affectedEntities) ? (d.affectedEntities as Obj[]) : [];
  const isPublic = d.eventScopeCode === 'PUBLIC';
  const signals = isPublic ? [] : entitySignals(c, entities);
  if (signals.length === 0) signals.push(regionSignal(c, isPublic));
  return { kind: 'signals', accountId, signals };
}
