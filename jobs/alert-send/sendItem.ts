import { countAlert } from '../../src/alerts/counters';
import type { OutboxItem } from '../../src/alerts/outbox';
import { AlertStore } from '../../src/alerts/store';
import type { AlertTuning } from '../../src/alerts/tuning';
import type { Deps } from '../../src/deps';
import type { Alert } from '../../src/domain/alert';
import type { SlackMessage } from '../../src/slack/message';
import { alertView } from '../../src/views/alert';
import { alertDigestView } from '../../src/views/alertDigest';

async function render(deps: Deps, store: AlertStore, a: Alert, tuning: AlertTuning): Promise<SlackMessage> {
  const marks = await store.marks(a.id);
  const oncall = deps.config.accounts.get(a.account)?.oncall ?? [];
  return alertView({ alert: a, marks, oncall, headInstances: tuning.headInstances });
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
  const store = new AlertStore(deps.redis, deps.keyPrefix);
  if (item.t === 'message') {
    await deps.notifier.post(channel, { text: item.text, blocks: item.blocks });
    return true;
  }
  if (item.t === 'digest') {
    const alerts = (await Promise.all(item.alertIds.map((id) => store.get(id)))).filter(
      (a): a is Alert => !!a,
    );
    if (alerts.length === 0) return false;
    await deps.notifier.post(channel, alertDigestView(item.account, alerts));
    return true;
  }
  const a = await store.get(item.alertId);
  if (!a) return false;
  if (item.t === 'post') {
    if (a.ts) return false;
    const posted = await deps.notifier.post(channel, await render(deps, store, a, tuning));
    await store.setTs(a.id, posted.ts);
    await countAlert(deps, 'posted');
    return true;
  }
  if (!a.ts) return false;
  if (item.t === 'update') {
    await deps.notifier.update(channel, a.ts, await render(deps, store, a, tuning));
    await countAlert(deps, 'updated');
    return true;
  }
  await deps.notifier.post(channel, { text: item.text, blocks: item.blocks, thread_ts: a.ts });
  return true;
}
