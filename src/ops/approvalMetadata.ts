import type { WebDeps } from '../deps';
import { redisKeys } from '../redis/keys';
import type { MessageMetadata } from '../slack/notifier';

/** Metadata on an approval request's message: how it is found in Slack once Redis forgot the request. */
export const APPROVAL_METADATA = 'ec2bot_approval';

/** The metadata an approval request is posted with (src/recovery/lostApprovals.ts reads it back). */
export function approvalMetadata(a: {
  id: string;
  op: string;
  account: string;
  instance?: string;
  name?: string;
}): MessageMetadata {
  return {
    event_type: APPROVAL_METADATA,
    event_payload: {
      approval_id: a.id,
      op: a.op,
      account: a.account,
      instance: a.instance ?? '',
      name: (a.name ?? '').slice(0, 256),
    },
  };
}

/** Was this approval request lost with Redis (found pending in Slack after a data loss)? */
export async function wasLost(
  deps: Pick<WebDeps, 'redis' | 'keyPrefix'>,
  approvalId: string,
): Promise<boolean> {
  return (await deps.redis.exists(redisKeys(deps.keyPrefix).approvalLost(approvalId))) === 1;
}
