import type { QueueName } from '../../src/jobs/queues';
import type { ApprovalRecord } from '../../src/stores/approvalStore';
import type { TestBot } from './bot';
import type { SlackCall } from './fakeSlack';

let seq = 0;

/** A block_actions payload as Slack sends it for a button on a channel message. */
export function buttonPayload(o: {
  actionId: string;
  value?: string;
  user: string;
  channel: string;
  ts: string;
  responseUrl: string;
  trigger?: string;
  selectedDateTime?: number;
}): Record<string, unknown> {
  const action: Record<string, unknown> = {
    action_id: o.actionId,
    block_id: 'b1',
    type: o.selectedDateTime ? 'datetimepicker' : 'button',
    action_ts: `${Date.now() / 1000}`,
  };
  if (o.value !== undefined) action.value = o.value;
  if (o.selectedDateTime) action.selected_date_time = o.selectedDateTime;
  return {
    type: 'block_actions',
    user: { id: o.user, username: o.user.toLowerCase(), team_id: 'T0TEAM' },
    api_app_id: 'A0APP',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: o.ts, channel_id: o.channel, is_ephemeral: false },
    trigger_id: o.trigger ?? `${Date.now()}.${++seq}.trig`,
    team: { id: 'T0TEAM', domain: 'example' },
    channel: { id: o.channel, name: 'ops' },
    message: { ts: o.ts, type: 'message', text: 'plan' },
    response_url: o.responseUrl,
    actions: [action],
  };
}

/** Elements of every actions block of a message. */
export const elementsOf = (body: Record<string, any>): Record<string, any>[] =>
  ((body.blocks ?? []) as Record<string, any>[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as Record<string, any>[]);

export const textOf = (body: Record<string, any>): string =>
  `${body.text ?? ''}\n${JSON.stringify(body.blocks ?? [])}`;

/** Waits for the plan message about `instanceId` that carries an Approve button; its ts from the approval record. */
export async function approvalMessage(
  bot: TestBot,
  instanceId: string,
): Promise<{ ts: string; channel: string; approvalId: string; record: ApprovalRecord }> {
  const call = await bot.slack.waitFor((calls: SlackCall[]) =>
    calls.find(
      (c) =>
        c.method === 'chat.postMessage' &&
        textOf(c.body).includes(instanceId) &&
        elementsOf(c.body).some((e) => e.action_id === 'ec2.approval.approve'),
    ),
  );
  const approvalId = elementsOf(call.body).find((e) => e.action_id === 'ec2.approval.approve')
    ?.value as string;
  const store = bot.deps.stores.approvals;
  const record = await until(async () => {
    const r = await store.get(approvalId);
    return r?.messageTs ? r : undefined;
  }, 'approval message ts');
  return { ts: record.messageTs as string, channel: call.body.channel, approvalId, record };
}

/** Presses Approve on an approval message (as `approvalMessage` returns it) as `user`. */
export const approve = (
  bot: TestBot,
  msg: { approvalId: string; channel: string; ts: string },
  user: string,
  responseUrl = bot.slack.responseUrl(),
): Promise<{ status: number; body: string }> =>
  bot.action(
    buttonPayload({
      actionId: 'ec2.approval.approve',
      value: msg.approvalId,
      user,
      channel: msg.channel,
      ts: msg.ts,
      responseUrl,
    }),
  );

/** Waits for a job to end; returns its final state. */
export async function jobEnd(bot: TestBot, jobId: string, timeoutMs = 20_000): Promise<string> {
  const q = bot.deps.queues.get('ops');
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const job = await q.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (state === 'completed' || state === 'failed') return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish in ${timeoutMs} ms`);
}

/** Polls an async condition until it yields a value. */
export async function until<T>(
  f: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Waits until a queue has nothing waiting or running (delayed jobs — timers such as approval expiry —
 * are not work in flight): every job enqueued before the call has finished, and what it sends is sent.
 */
export async function queueSettled(bot: TestBot, queue: QueueName, timeoutMs = 30_000): Promise<void> {
  const q = bot.deps.queues.get(queue);
  await until(
    async () => {
      const counts = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      return Object.values(counts).every((n) => n === 0);
    },
    `queue ${queue} to settle`,
    timeoutMs,
  );
}
