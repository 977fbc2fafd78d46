import { AlertOutbox, type OutboxItem } from '../../src/alerts/outbox';
import type { AlertTarget } from '../../src/alerts/route';
import { AlertStore } from '../../src/alerts/store';
import { AUTORECOVER_JOB, ESCALATE_JOB, scheduleAlertTimer, scheduleDigest } from '../../src/alerts/timers';
import type { AlertTuning } from '../../src/alerts/tuning';
import type { Deps } from '../../src/deps';
import { type Alert, type AlertEntity, applySignal, entityOf } from '../../src/domain/alert';
import type { AlertSignal } from '../../src/domain/alertSignal';
import type { OpRef } from '../../src/domain/opRef';
import { quietWindow } from '../../src/domain/quietHours';
import type { Logger } from '../../src/logger';
import { instanceListViews } from '../../src/views/alertThread';
import { consoleContext } from './consoleContext';

/** Builds the alert from a window's new signals; a later signal of the same entity is a change. */
export function buildAlert(
  target: AlertTarget,
  accountId: string,
  signals: AlertSignal[],
  now: Date,
): Alert | undefined {
  const first = signals.find((s) => s.state === 'open');
  if (!first) return undefined;
  const a: Alert = {
    id: AlertStore.newId(),
    account: target.alias,
    accountId,
    channel: target.channel,
    kind: first.kind,
    type: first.type,
    urgent: false,
    createdAt: now.toISOString(),
    entities: [],
    eventArn: first.eventArn,
    description: first.description,
  };
  const seen = new Set<string>();
  for (const s of [...signals].sort((x, y) => x.at.localeCompare(y.at))) {
    if (seen.has(s.entityKey)) applySignal(a, s);
    else if (s.state === 'open') {
      seen.add(s.entityKey);
      a.entities.push(entityOf(s));
      a.urgent ||= s.urgent;
    }
  }
  return a;
}

async function makeButtons(deps: Deps, a: Alert, entities: AlertEntity[]): Promise<void> {
  a.buttons = {};
  for (const e of entities) {
    if (!e.instanceId) continue;
    const base = { kind: 'op' as const, account: a.account, region: e.region, instanceId: e.instanceId };
    const ref = (op: OpRef['op']): Promise<string> =>
      deps.refs.put({ ...base, op, channel: a.channel, origin: { kind: 'alert', id: a.id } } satisfies OpRef);
    a.buttons[e.instanceId] = {
      recover: a.type === 'unexpected-stop' ? undefined : await ref('recover'),
      reboot: await ref('reboot'),
      backup: await ref('backup'),
    };
  }
}

/** Stores, indexes and routes a new alert: post now, or hold for the digest inside quiet hours. */
export async function openAlert(
  deps: Deps,
  a: Alert,
  target: AlertTarget,
  tuning: AlertTuning,
  log: Logger,
): Promise<'posted' | 'held'> {
  const store = new AlertStore(deps.redis, deps.keyPrefix);
  const account = target.account;
  if (account) await makeButtons(deps, a, a.entities.slice(0, tuning.buttonInstances));
  const now = deps.now();
  const quiet = a.urgent ? { quiet: false as const } : quietWindow(account?.quiet_hours, now);
  a.held = quiet.quiet;
  await store.save(a);
  await store.indexEntities(
    a.id,
    a.entities.map((e) => e.entityKey),
  );
  const ids = a.entities.flatMap((e) => (e.instanceId ? [e.instanceId] : []));
  if (a.kind === 'status-check') await store.indexInstances(a.id, a.account, ids);
  if (quiet.quiet) {
    await store.hold(a.account, a.id);
    await scheduleDigest(deps, a.account, quiet.endsAt, now);
    log.info({ alertId: a.id, until: quiet.endsAt.toISOString() }, 'alert held for the quiet-hours digest');
    return 'held';
  }
  const items: OutboxItem[] = [{ t: 'post', alertId: a.id }];
  if (a.entities.length > tuning.headInstances) {
    for (const m of instanceListViews(a, tuning.listChunk)) items.push({ t: 'reply', alertId: a.id, ...m });
  }
  const outbox = new AlertOutbox(deps);
  await outbox.push(a.channel, ...items);
  // after the post is queued: a slow GetConsoleOutput must not delay the alert itself
  await outbox.push(a.channel, ...(await consoleContext(deps, a, target, log)));
  if (a.urgent && account?.escalation) {
    await scheduleAlertTimer(deps, ESCALATE_JOB, a.id, account.escalation.after_minutes * 60_000);
  }
  if (a.type === 'StatusCheckFailed_System' && account?.auto_recover?.enabled) {
    await scheduleAlertTimer(deps, AUTORECOVER_JOB, a.id, account.auto_recover.after_minutes * 60_000);
  }
  log.info({ alertId: a.id, type: a.type, instances: a.entities.length, urgent: a.urgent }, 'alert opened');
  return 'posted';
}
