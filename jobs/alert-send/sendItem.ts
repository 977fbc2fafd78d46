import { countAlert } from '../../src/alerts/counters';
import { AlertOutbox, type OutboxItem } from '../../src/alerts/outbox';
import type { AlertTuning } from '../../src/config/alertTuning';
import type { Deps } from '../../src/deps';
import type { Alert } from '../../src/domain/alert';
import { CATALOG } from '../../src/ops/catalog';
import type { SlackMessage } from '../../src/slack/message';
import { classifySlackError, slackAnsweredNo } from '../../src/slack/slackRetry';
import type { AlertStore } from '../../src/stores/alertStore';
import { alertView } from '../../src/views/alert';
import { alertDigestView } from '../../src/views/alertDigest';
import { instanceListView } from '../../src/views/alertThread';

/** The drainer handles failures itself (it parks; it does not hold a worker through an outage). */
const ONCE = { retry: false } as const;

async function render(deps: Deps, store: AlertStore, a: Alert, tuning: AlertTuning): Promise<SlackMessage> {
  const marks = await store.marks(a.id);
  // A team's alert mentions the team's on-call (routing by tag), else the account's.
  const oncall = a.team?.oncall ?? deps.config.accounts.get(a.account)?.oncall ?? [];
  return alertView({ alert: a, marks, oncall, headInstances: tuning.headInstances, operations: CATALOG });
}

export const ALERT_METADATA = 'ec2bot_alert';

/** Saves the posted ts; a Redis blip here must not lose it (the next try would post again). */
async function saveTs(store: AlertStore, id: string, ts: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return await store.setTs(id, ts);
    } catch (err) {
      if (i >= 4) throw err;
      await new Promise((r) => setTimeout(r, 200 * 2 ** i));
    }
  }
}

/**
 * Posts the alert message once. The intent is recorded before the post and the message carries the
 * alert id in Slack message metadata: when an earlier attempt's outcome is unknown (its answer was
 * lost, or saving its ts failed), the channel's recent history is asked first and a message found
 * there is adopted instead of posting a second one.
 */
async function postOnce(deps: Deps, store: AlertStore, channel: string, a: Alert, msg: SlackMessage) {
  const earlier = await store.postIntent(a.id, deps.now());
  const found = earlier ? await findEarlier(deps, channel, a.id, earlier) : undefined;
  if (found) {
    await saveTs(store, a.id, found);
    return false;
  }
  let posted: { ts: string };
  try {
    posted = await deps.notifier.post(
      channel,
      { ...msg, metadata: { event_type: ALERT_METADATA, event_payload: { alert_id: a.id } } },
      ONCE,
    );
  } catch (err) {
    // Slack answered and did not post (ok:false, 429): the next try need not search for it.
    if (slackAnsweredNo(err)) await store.clearPostIntent(a.id);
    throw err;
  }
  await saveTs(store, a.id, posted.ts);
  return true;
}

/**
 * An earlier attempt's message, from the channel history. A refusal (no `channels:history` scope on
 * an older install, a private channel) is logged and the post goes ahead: a duplicate is better than
 * a lost alert. A transient failure is thrown (retried like the post).
 */
async function findEarlier(
  deps: Deps,
  channel: string,
  id: string,
  since: Date,
): Promise<string | undefined> {
  if (!deps.notifier.findPosted) return undefined;
  try {
    return await deps.notifier.findPosted(
      channel,
      { eventType: ALERT_METADATA, key: 'alert_id', value: id },
      since,
    );
  } catch (err) {
    const f = classifySlackError(err);
    if (f.kind === 'transient' || f.kind === 'rate-limited') throw err;
    deps.log.warn(
      { channel, alertId: id, slackError: f.error },
      'cannot read channel history to find an earlier post; posting',
    );
    return undefined;
  }
}

/**
 * The next chunk of the alert's instances its thread has not listed (an alert that grows during a
 * storm lists each instance once, in order); more to list queues another chunk behind.
 */
async function listMore(
  deps: Deps,
  store: AlertStore,
  channel: string,
  a: Alert,
  ts: string,
  tuning: AlertTuning,
): Promise<boolean> {
  await store.takeRefresh(a.id, 'list');
  const from = await store.listed(a.id);
  if (a.entities.length <= tuning.headInstances || from >= a.entities.length) return false;
  const m = instanceListView(a, from, tuning.listChunk);
  await deps.notifier.post(channel, { ...m, thread_ts: ts }, ONCE);
  const listed = Math.min(a.entities.length, from + tuning.listChunk);
  await store.setListed(a.id, listed);
  if (listed < a.entities.length) await new AlertOutbox(deps).refresh(store, channel, a.id, 'list');
  return true;
}

/**
 * Sends one outbox item. Posts and updates render the alert as it is now (so queued updates coalesce
 * into the latest state). Returns false when there was nothing to send (no Slack call was made).
 */
export async function sendItem(
  deps: Deps,
  channel: string,
  item: OutboxItem,
  tuning: AlertTuning,
): Promise<boolean> {
  const store = deps.stores.alerts;
  if (item.t === 'message') {
    await deps.notifier.post(channel, { text: item.text, blocks: item.blocks }, ONCE);
    return true;
  }
  if (item.t === 'digest') {
    const alerts = (await Promise.all(item.alertIds.map((id) => store.get(id)))).filter(
      (a): a is Alert => !!a,
    );
    if (alerts.length === 0) return false;
    await deps.notifier.post(channel, alertDigestView(item.account, alerts), ONCE);
    return true;
  }
  const a = await store.get(item.alertId);
  if (!a) return false;
  if (item.t === 'post') {
    if (a.ts) return false;
    const posted = await postOnce(deps, store, channel, a, await render(deps, store, a, tuning));
    if (posted) await countAlert(deps, 'posted');
    return posted;
  }
  if (!a.ts) return false;
  if (item.t === 'update') {
    await store.takeRefresh(a.id, 'update');
    await deps.notifier.update(channel, a.ts, await render(deps, store, a, tuning), ONCE);
    await countAlert(deps, 'updated');
    return true;
  }
  if (item.t === 'list') return listMore(deps, store, channel, a, a.ts, tuning);
  await deps.notifier.post(channel, { text: item.text, blocks: item.blocks, thread_ts: a.ts }, ONCE);
  return true;
}
