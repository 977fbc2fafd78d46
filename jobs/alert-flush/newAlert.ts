import { AlertOutbox } from '../../src/alerts/outbox';
import { pageAlert } from '../../src/alerts/pager';
import type { AlertTarget } from '../../src/alerts/route';
import { AUTO_RECOVER_TYPES, scheduleAlertTimer, scheduleDigest } from '../../src/alerts/timers';
import type { AlertTuning } from '../../src/config/alertTuning';
import type { Deps } from '../../src/deps';
import type { Alert, AlertEntity } from '../../src/domain/alert';
import { alertOps } from '../../src/domain/alertActions';
import { AUTO_RECOVERY_FAILURE } from '../../src/domain/healthEvent';
import type { OpRef } from '../../src/domain/opRef';
import { quietWindow } from '../../src/domain/quietHours';
import { ALERT_AUTORECOVER } from '../../src/jobs/alertAutorecover';
import { ALERT_ESCALATE } from '../../src/jobs/alertEscalate';
import type { Logger } from '../../src/logger';
import type { AlertStore } from '../../src/stores/alertStore';
import { consoleContext } from './consoleContext';

/** Button references for the operations that fit each listed instance (stored once, reused on updates). */
export async function makeButtons(deps: Deps, a: Alert, entities: AlertEntity[]): Promise<void> {
  a.buttons ??= {};
  for (const e of entities) {
    const ops = alertOps(a, e);
    if (!e.instanceId || ops.length === 0) continue;
    const base = { kind: 'op' as const, account: a.account, region: e.region, instanceId: e.instanceId };
    const refs: Partial<Record<(typeof ops)[number], string>> = {};
    for (const op of ops) {
      // The alert id travels with the button: one-tap policy and the outcome note find the alert by it.
      refs[op] = await deps.refs.put({
        ...base,
        op,
        channel: a.channel,
        origin: { kind: 'alert', id: a.id },
      } satisfies OpRef);
    }
    a.buttons[e.instanceId] = refs;
  }
}

/**
 * Indexes the alert's instances (or those that just joined it) so later events find it (running after a
 * recover, a stop after a Spot warning).
 */
export async function indexAlert(store: AlertStore, a: Alert, entities = a.entities): Promise<void> {
  await store.indexEntities(
    a.id,
    entities.map((e) => e.entityKey),
  );
  const ids = entities.flatMap((e) => (e.instanceId ? [e.instanceId] : []));
  if (a.kind === 'status-check' || a.type === AUTO_RECOVERY_FAILURE)
    await store.indexInstances(a.id, a.account, ids);
  if (a.kind === 'spot') await store.indexInstances(a.id, a.account, ids, 'spot');
  // the bot's auto-recover asks whether AWS has an open region-wide issue there (AWS's own recovery pauses)
  if (a.public)
    await store.indexInstances(a.id, a.account, [...new Set(entities.map((e) => e.region))], 'public');
}

/** An instance alert in a region where AWS has an open public EC2 issue says so (Recover may fail). */
async function notePublicIssues(store: AlertStore, a: Alert): Promise<void> {
  if (a.public || a.info) return;
  const regions = [...new Set(a.entities.filter((e) => e.instanceId).map((e) => e.region))];
  const open: string[] = [];
  for (const r of regions) if (await store.openPublicNotice(a.account, r)) open.push(r);
  if (open.length) a.publicIssueRegions = open;
}

/**
 * Stores, indexes and sends a new alert whose destination is decided (routing and mutes, per
 * instance, by the caller): post now, or hold for the digest inside quiet hours.
 */
export async function openAlert(
  deps: Deps,
  a: Alert,
  target: AlertTarget,
  tuning: AlertTuning,
  log: Logger,
): Promise<'posted' | 'held'> {
  const store = deps.stores.alerts;
  const account = target.account;
  if (account) {
    await notePublicIssues(store, a);
    await makeButtons(deps, a, a.entities.slice(0, tuning.buttonInstances));
  }
  const now = deps.now();
  // a public outage is context the on-call needs at 3 a.m. (Recover may fail): never held for the digest
  const quiet = a.urgent || a.public ? { quiet: false as const } : quietWindow(account?.quiet_hours, now);
  a.held = quiet.quiet;
  await store.save(a);
  await indexAlert(store, a);
  if (quiet.quiet) {
    await store.hold(a.account, a.id);
    await scheduleDigest(deps, a.account, quiet.endsAt, now);
    log.info({ alertId: a.id, until: quiet.endsAt.toISOString() }, 'alert held for the quiet-hours digest');
    return 'held';
  }
  const outbox = new AlertOutbox(deps);
  await outbox.push(a.channel, { t: 'post', alertId: a.id });
  if (a.entities.length > tuning.headInstances) await outbox.refresh(store, a.channel, a.id, 'list');
  // after the post is queued: a slow GetConsoleOutput must not delay the alert itself
  await outbox.push(a.channel, ...(await consoleContext(deps, a, target, log)));
  await pageAlert(deps, a);
  if (a.urgent && !a.info && account?.escalation) {
    await scheduleAlertTimer(deps, ALERT_ESCALATE, a.id, account.escalation.after_minutes * 60_000);
  }
  if (AUTO_RECOVER_TYPES.has(a.type) && account?.auto_recover?.enabled) {
    await scheduleAlertTimer(deps, ALERT_AUTORECOVER, a.id, account.auto_recover.after_minutes * 60_000);
  }
  log.info({ alertId: a.id, type: a.type, instances: a.entities.length, urgent: a.urgent }, 'alert opened');
  return 'posted';
}
