import { type AlertSignal, INSTANCE_ID, type ParsedEvent } from './alertSignal';
import { parseAwsTime } from './rfc1123';

const DAY_MS = 24 * 3600 * 1000;
/** Scheduled changes that take an instance away: urgent when they start within 24 h. */
const TAKES_INSTANCE_AWAY = /RETIREMENT|_STOP_|STOP_SCHEDULED|TERMINAT/;
const ARN_INSTANCE = /^arn:aws[a-z-]*:ec2:([a-z0-9-]+):\d{12}:instance\/(i-[0-9a-f]{8,17})$/;

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** An affected entity: an instance id, an instance ARN (region inside), or something else kept raw. */
export function parseEntity(value: string): { instanceId?: string; region?: string } {
  if (INSTANCE_ID.test(value)) return { instanceId: value };
  const m = ARN_INSTANCE.exec(value);
  return m ? { region: m[1], instanceId: m[2] } : {};
}

const description = (d: Obj): string | undefined => {
  const list = Array.isArray(d.eventDescription) ? (d.eventDescription as Obj[]) : [];
  const en = list.find((x) => x?.language === 'en_US') ?? list[0];
  return str(en?.latestDescription);
};

/**
 * EventBridge "AWS Health Event" for EC2 (scheduledChange and issue). Times are RFC 1123 strings;
 * page/totalPages/backupEvent are strings; a backup copy (backupEvent "true") is dropped because the
 * primary delivery carries the same content.
 */
export function parseHealthEvent(ev: Obj, now: Date): ParsedEvent {
  const d = (ev.detail ?? {}) as Obj;
  if (d.backupEvent === 'true') return { kind: 'ignored', reason: 'health-backup-copy' };
  if (d.service !== 'EC2') return { kind: 'ignored', reason: 'health-not-ec2' };
  const eventArn = str(d.eventArn);
  const code = str(d.eventTypeCode);
  const accountId = str(d.affectedAccount) ?? str(ev.account);
  if (!eventArn || !code || !accountId) return { kind: 'ignored', reason: 'health-malformed' };
  const updated = parseAwsTime(d.lastUpdatedTime) ?? parseAwsTime(ev.time) ?? now;
  const start = parseAwsTime(d.startTime);
  const closed = d.statusCode === 'closed';
  const soon = start !== undefined && start.getTime() - now.getTime() < DAY_MS;
  const urgent = !closed && TAKES_INSTANCE_AWAY.test(code) && soon;
  const region = str(d.eventRegion) ?? str(ev.region) ?? 'us-east-1';
  const entities = Array.isArray(d.affectedEntities) ? (d.affectedEntities as Obj[]) : [];
  const signals: AlertSignal[] = [];
  for (const e of entities) {
    const value = str(e?.entityValue);
    if (!value) continue;
    const parsed = parseEntity(value);
    const entity = parsed.instanceId ?? value;
    const entityUpdated = parseAwsTime(e.lastUpdatedTime) ?? updated;
    const entityKey = `${eventArn}|${entity}`;
    signals.push({
      accountId,
      region: parsed.region ?? region,
      kind: 'health',
      type: code,
      entity,
      instanceId: parsed.instanceId,
      entityKey,
      dedupeKey: `${entityKey}|${entityUpdated.toISOString()}|${str(d.statusCode) ?? ''}`,
      state: closed ? 'resolved' : 'open',
      statusText: str(d.statusCode) ?? 'open',
      urgent,
      at: entityUpdated.toISOString(),
      startTime: start?.toISOString(),
      eventArn,
      description: description(d),
    });
  }
  if (signals.length === 0) return { kind: 'ignored', reason: 'health-no-entities' };
  return { kind: 'signals', accountId, signals };
}
