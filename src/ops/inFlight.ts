import type { Ec2Ops } from '../aws/ec2Ops';
import type { Logger } from '../logger';

/**
 * The record of an operation in flight that outlives Redis: two tags on the instance itself, set before
 * the first change and removed when the operation ends. If Redis loses the job (a restart without
 * persistence) or BullMQ gives up on it (its worker lost again and again), a worker finds the tag and
 * ends the operation safely (src/ops/salvage.ts).
 */
export const OP_TAG = 'ec2bot:op';
export const OP_MSG_TAG = 'ec2bot:op-msg';
/** The instance's state and type before the operation's first change: what a rollback returns to. */
export const OP_BEFORE_TAG = 'ec2bot:op-before';

/** The failed step of a rollback rebuilt from the in-flight record alone: unknown, maybe past the change. */
export const LOST_STEP = 'lost-in-flight';

export interface InFlight {
  op: string;
  jobId: string;
  channel?: string;
  messageTs?: string;
  requester?: string;
  /** Read when the record was first set (a resumed run keeps the first one). */
  before?: { state: string; type: string };
}

const dash = (s?: string): string => (s ? s.replace(/\s/g, '') : '-');
const undash = (s?: string): string | undefined => (s && s !== '-' ? s : undefined);

export function inFlightTags(f: InFlight): Record<string, string> {
  return {
    [OP_TAG]: `${f.op} ${f.jobId}`.slice(0, 256),
    [OP_MSG_TAG]: `${dash(f.channel)} ${dash(f.messageTs)} ${dash(f.requester)}`.slice(0, 256),
    ...(f.before ? { [OP_BEFORE_TAG]: `${dash(f.before.state)} ${dash(f.before.type)}`.slice(0, 256) } : {}),
  };
}

export function parseInFlight(tags: Record<string, string>): InFlight | undefined {
  const [op, jobId] = (tags[OP_TAG] ?? '').split(' ');
  if (!op || !jobId) return undefined;
  const [channel, messageTs, requester] = (tags[OP_MSG_TAG] ?? '').split(' ');
  const [state, type] = (tags[OP_BEFORE_TAG] ?? '').split(' ').map(undash);
  return {
    op,
    jobId,
    channel: undash(channel),
    messageTs: undash(messageTs),
    requester: undash(requester),
    before: state && type ? { state, type } : undefined,
  };
}

/** Removes the record (best effort: a tag left behind is cleaned up by the next sweep). */
export async function clearInFlight(ec2: Ec2Ops, instanceId: string, log: Logger): Promise<void> {
  await ec2
    .untagInstance(instanceId, [OP_TAG, OP_MSG_TAG, OP_BEFORE_TAG])
    .catch((err) => log.warn({ err }, 'in-flight tag not removed'));
}
