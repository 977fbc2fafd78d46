import type { Job } from 'bullmq';
import type { Ec2Ops } from '../aws/ec2Ops';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { AppError, asAppError, ErrorCode } from '../errors/appError';
import { awsErrorName } from '../errors/aws';
import type { OpJobData } from '../jobs/opJob';
import type { Logger } from '../logger';
import { richText } from '../views/text';
import type { StepContext } from './spec';

/** The thread an operation's progress goes to: the request's thread, its plan message, or its own message. */
export const threadOf = (data: OpJobData, outputs: Record<string, unknown>): string | undefined =>
  data.threadTs ?? data.messageTs ?? (typeof outputs.messageTs === 'string' ? outputs.messageTs : undefined);

const noRegion = (): Ec2Ops => {
  throw new AppError(ErrorCode.Internal, undefined, { detail: 'an account-level operation has no region' });
};

/** Builds what the steps of one job attempt work with (STYLE.md: ports, audit, progress). */
export function stepContext(
  deps: Deps,
  job: Job,
  data: OpJobData,
  account: Account,
  log: Logger,
): StepContext & { replies: Promise<unknown> } {
  const actor = { requester: data.requester, approver: data.approver };
  const port = (region: string): Ec2Ops => deps.ec2Port(account, region, actor);
  const where = { account: data.account, instanceId: data.instanceId };
  const audit = (kind: string, action: string, result: string, detail: Record<string, unknown> = {}) =>
    deps.audit.record({
      kind,
      actor: data.requester,
      action,
      account: data.account,
      region: typeof detail.region === 'string' ? detail.region : data.region,
      instanceId: data.instanceId,
      result,
      correlationId: data.correlationId,
      detail: { ...detail, approver: data.approver, jobId: String(job.id), runId: String(job.id) },
    });
  const post = async (text: string, blocks?: unknown[]): Promise<string | undefined> => {
    if (!data.channel) return undefined;
    const thread_ts = threadOf(data, ctx.outputs);
    const msg = blocks ? { text, blocks: blocks as never, thread_ts } : { text, thread_ts };
    return deps.notifier
      .post(data.channel, msg)
      .then((r) => r.ts)
      .catch((err) => {
        log.warn({ err }, 'progress message failed');
        return undefined;
      });
  };
  let own: Ec2Ops | undefined;
  const ctx: StepContext & { replies: Promise<unknown> } = {
    deps,
    data,
    account,
    get ec2() {
      if (!data.region) return noRegion();
      own ??= port(data.region);
      return own;
    },
    ec2For: port,
    log,
    jobId: String(job.id),
    outputs: { ...(data.outputs ?? {}) },
    mayHaveRun: true,
    replies: Promise.resolve(),
    note(text) {
      // In order, but off the critical path: the next step does not wait for Slack.
      ctx.replies = ctx.replies.then(() => post(richText(text)));
    },
    async post(message) {
      await ctx.replies;
      return post(message.text, message.blocks);
    },
    async save(patch) {
      Object.assign(ctx.outputs, patch);
      await job.updateData({ ...job.data, outputs: ctx.outputs });
    },
    async call(action, fn) {
      ctx.lastChecks = undefined;
      try {
        const out = await fn();
        await audit('aws-call', action, 'ok');
        return out;
      } catch (err) {
        await audit('aws-call', action, `error ${awsErrorName(err)}`);
        throw asAppError(err, action, where);
      }
    },
    audit: (action, result, detail) => audit('aws-call', action, result, detail),
  };
  return ctx;
}
