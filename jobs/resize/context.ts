import type { Job } from 'bullmq';
import type { ResizeEc2 } from '../../src/aws/resizeOps';
import type { Deps } from '../../src/deps';
import type { Logger } from '../../src/logger';
import type { ResizePayload, ResizeState } from './schema';
import type { WaitOptions } from './wait';

/** Bounds of every wait (a stuck instance must not hold a worker forever). */
export interface ResizeTiming {
  stopped: WaitOptions;
  image: WaitOptions;
  running: WaitOptions;
  checks: WaitOptions;
}

export const DEFAULT_TIMING: ResizeTiming = {
  stopped: { timeoutMs: 10 * 60_000, intervalMs: 5_000 },
  image: { timeoutMs: 90 * 60_000, intervalMs: 15_000 },
  running: { timeoutMs: 10 * 60_000, intervalMs: 5_000 },
  checks: { timeoutMs: 15 * 60_000, intervalMs: 15_000 },
};

/** Tag on the backup AMI and its snapshots: a resumed job finds its AMI by it. */
export const BACKUP_TAG = 'ec2bot:resize-job';

/** Everything one run of the step machine works with. */
export interface ResizeCtx {
  deps: Deps;
  job: Job;
  data: ResizePayload;
  log: Logger;
  ops: ResizeEc2;
  timing: ResizeTiming;
  state: ResizeState;
  jobId: string;
  target: string;
  /** Saves `patch` into the job's data (job.updateData) before anything else happens. */
  save(patch: Partial<ResizeState>): Promise<void>;
  /** A progress line in the plan message's thread (best effort: a Slack hiccup never fails the job). */
  say(text: string): Promise<void>;
  /** One audit entry for a side effect. */
  audit(action: string, result: string, detail?: Record<string, unknown>): Promise<void>;
}

export function makeCtx(
  deps: Deps,
  job: Job,
  data: ResizePayload,
  log: Logger,
  ops: ResizeEc2,
  timing: ResizeTiming,
): ResizeCtx {
  const ctx: ResizeCtx = {
    deps,
    job,
    data,
    log,
    ops,
    timing,
    state: { ...(data.resize ?? {}) },
    jobId: String(job.id),
    target: data.params.targetType,
    async save(patch) {
      ctx.state = { ...ctx.state, ...patch };
      await job.updateData({ ...data, resize: ctx.state });
    },
    async say(text) {
      const channel = data.channel;
      const ts = ctx.state.messageTs ?? data.messageTs;
      if (!channel || !ts) return;
      await deps.notifier
        .post(channel, { text, thread_ts: ts })
        .catch((err) => log.warn({ err }, 'could not post resize progress'));
    },
    async audit(action, result, detail) {
      await deps.audit.record({
        kind: 'step',
        actor: data.approver ? `${data.requester} approved by ${data.approver}` : data.requester,
        action: `resize:${action}`,
        account: data.account,
        region: data.region,
        instanceId: data.instanceId,
        result,
        correlationId: data.correlationId,
        detail,
      });
    },
  };
  return ctx;
}
