import { type Alert, applySignal, entityOf, noteSeen } from '../domain/alert';
import type { AlertSignal } from '../domain/alertSignal';
import { AlertStore } from '../stores/alertStore';
import type { AlertTarget } from './route';

/** Whether a signal starts or joins an alert: something open, or a fact worth telling (info). */
const opens = (s: AlertSignal): boolean => s.state === 'open' || s.info === true;

/**
 * Builds the alert from a window's new signals; a later signal of the same entity is a change. Pure but
 * for the new id: storing, indexing and sending it is jobs/alert-flush/newAlert.ts.
 */
export function buildAlert(
  target: AlertTarget,
  accountId: string,
  signals: AlertSignal[],
  now: Date,
): Alert | undefined {
  const first = signals.find(opens);
  if (!first) return undefined;
  const a: Alert = {
    id: AlertStore.newId(),
    account: target.alias,
    accountId,
    channel: target.channel,
    kind: first.kind,
    type: first.type,
    urgent: false,
    info: first.info,
    public: first.scope === 'public' || undefined,
    createdAt: now.toISOString(),
    entities: [],
    eventArn: first.eventArn,
    description: first.description,
    lastSeenAt: first.at,
  };
  const seen = new Set<string>();
  const sorted = [...signals].sort((x, y) => x.at.localeCompare(y.at));
  noteSeen(a, sorted);
  for (const s of sorted) {
    if (seen.has(s.entityKey)) applySignal(a, s);
    else if (opens(s)) {
      seen.add(s.entityKey);
      a.entities.push(entityOf(s));
      a.urgent ||= s.urgent && !s.info;
    }
  }
  return a;
}
