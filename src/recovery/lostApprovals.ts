import type { KnownBlock } from '@slack/types';
import type { Deps } from '../deps';
import { APPROVAL_METADATA } from '../ops/approvalMetadata';
import { redisKeys } from '../redis/keys';
import type { PastMessage } from '../slack/notifier';
import { ACTION, baseActionId } from '../views/actionIds';
import { lostApprovalView } from '../views/dataLoss';

/** A lost request's buttons answer so for a week (the longest approval lives a day; plans a week). */
const LOST_TTL_S = 7 * 24 * 3600;

export interface LostApproval {
  channel: string;
  ts: string;
  approvalId: string;
  /** `stop web-1 in prod`. */
  title: string;
}

/** A message still waiting for a decision still carries its Approve button. */
const pending = (blocks: KnownBlock[] | undefined): boolean =>
  (blocks ?? []).some(
    (b) =>
      b.type === 'actions' &&
      b.elements.some((e) => 'action_id' in e && baseActionId(String(e.action_id)) === ACTION.approve),
  );

/**
 * After a data loss: the approval requests still pending in these channels (the bot's messages with
 * approval metadata and an Approve button, conversations.history — as the alert outbox finds its posts)
 * whose record Redis no longer has. Each message is updated to say the request was lost and must be made
 * again, and the id is remembered so its buttons, clicked from a stale view, answer the same.
 */
export async function markLostApprovals(
  deps: Deps,
  channels: string[],
  since: Date,
): Promise<LostApproval[]> {
  const store = deps.stores.approvals;
  const lost: LostApproval[] = [];
  for (const channel of channels) {
    const messages = await readHistory(deps, channel, since);
    for (const m of messages) {
      const p = m.metadata?.event_type === APPROVAL_METADATA ? m.metadata.event_payload : undefined;
      const id = p?.approval_id;
      if (!p || !id || !pending(m.blocks) || (await store.get(id))) continue;
      await deps.redis.set(redisKeys(deps.keyPrefix).approvalLost(id), '1', 'EX', LOST_TTL_S);
      const command = p.instance ? `/ec2 ${p.op} ${p.account} ${p.instance}` : undefined;
      await deps.notifier
        .update(channel, m.ts, lostApprovalView(m.blocks ?? [], command))
        .catch((err) => deps.log.warn({ err, channel, ts: m.ts }, 'lost approval message not updated'));
      const what = p.name && p.instance ? `${p.name} (${p.instance})` : p.instance || 'the account';
      lost.push({ channel, ts: m.ts, approvalId: id, title: `${p.op} of ${what} in ${p.account}` });
    }
  }
  return lost;
}

/** A channel's recent messages; a channel Slack will not read is logged and skipped. */
export async function readHistory(deps: Deps, channel: string, since: Date): Promise<PastMessage[]> {
  if (!deps.notifier.history) return [];
  return deps.notifier.history(channel, since).catch((err) => {
    deps.log.warn({ err, channel }, 'channel history not read after a data loss');
    return [];
  });
}
