import type { z } from 'zod';
import { isOperation, type Operation } from '../config/operations';
import type { Deps } from '../deps';
import { AppError, ErrorCode } from '../errors/appError';
import { type OpJobData, type OpJobPayload, opJobSchema } from '../jobs/opJob';
import type { OP_SALVAGE } from '../jobs/opSalvage';
import { lostOperationView } from '../views/salvage';
import { enqueueOperation } from './enqueue';
import { clearInFlight, LOST_STEP } from './inFlight';
import { InstanceLock } from './lock';
import { SPECS } from './operations';

type Lost = z.output<(typeof OP_SALVAGE)['schema']>;

const why = (l: Lost): string =>
  l.redisLost
    ? 'the bot’s Redis no longer had its job (restarted without persistence?)'
    : 'its worker stopped again and again and BullMQ gave up retrying it';

/**
 * Ends an operation whose job was lost in flight (src/ops/sweep.ts found its instance still tagged):
 * frees the instance lock the lost job held, then resumes it (steps read AWS first), rolls it back,
 * or — when that is not safe, or it was lost a second time — tells the requester and the channel what
 * state the instance is in and the one command that finishes it.
 */
export async function salvage(deps: Deps, l: Lost): Promise<{ action: string }> {
  const account = deps.config.accounts.get(l.account);
  if (!account) throw new AppError(ErrorCode.UnknownAccount, `Account ${l.account} is no longer configured.`);
  await new InstanceLock(deps.redis, deps.keyPrefix).release(l.account, l.region, l.instanceId, l.lostJobId);
  const lostJob = await deps.queues.get('ops').getJob(l.lostJobId);
  const parsed = opJobSchema.safeParse(lostJob?.data);
  const lost = parsed.success ? parsed.data : undefined;
  const op = isOperation(l.op) ? l.op : undefined;
  const action = !op || l.lostJobId.startsWith('resumed-') ? 'report' : plan(op, lost, l);
  const note = async (extra: { state?: string; command?: string } = {}) => {
    const channel =
      lost?.channel ?? l.lostChannel ?? account.alert_channel ?? deps.config.defaultAlertChannel;
    if (!channel) return;
    const msg = lostOperationView({
      op: l.op,
      instance: l.instanceName ? `${l.instanceName} (${l.instanceId})` : l.instanceId,
      why: why(l),
      action,
      requester: lost?.requester ?? l.lostRequester,
      redisLost: l.redisLost,
      ...extra,
    });
    const thread = lost?.messageTs ?? lost?.threadTs ?? l.lostMessageTs;
    await deps.notifier.post(channel, {
      ...msg,
      thread_ts: thread,
      reply_broadcast: thread ? true : undefined,
    });
  };
  if (action === 'report' || !op) {
    const ec2 = deps.ec2Port(account, l.region, { requester: 'ec2-ops-bot' });
    const now = await ec2.describe(l.instanceId);
    await note({ state: `${now.state} (${now.type})`, command: finishCommand(l, now.state) });
    await clearInFlight(ec2, l.instanceId, deps.log);
    return { action };
  }
  await note();
  const data = resumeData(op, l, lost, action);
  await enqueueOperation(deps, op, data, `resumed-${l.lostJobId}`);
  return { action };
}

/** Resize rolls back when it knows where it came from; everything else resumes. */
function plan(op: Operation, lost: OpJobData | undefined, l: Lost): 'resume' | 'rollback' | 'report' {
  const mode = SPECS[op].afterLoss;
  // Without the job's data, the in-flight record's `before` says where to return to.
  if (mode === 'rollback') return lost?.outputs?.beforeType || l.before ? 'rollback' : 'report';
  // Without the job's data only parameter-free operations can be resumed.
  if (mode === 'resume' && !lost && !SPECS[op].params.safeParse({}).success) return 'report';
  return mode;
}

function resumeData(op: Operation, l: Lost, lost: OpJobData | undefined, action: string): OpJobPayload {
  const salvageMark = { lostJobId: l.lostJobId, why: why(l) };
  if (lost) {
    const steps = SPECS[op].steps(lost, { alias: l.account } as never);
    return {
      ...lost,
      marked: false,
      reportedAt: undefined,
      salvage: salvageMark,
      rollback:
        action === 'rollback'
          ? (lost.rollback ?? {
              reason: why(l),
              failedStep: steps[lost.step ?? 0]?.name ?? 'unknown',
              step: 0,
            })
          : lost.rollback,
    };
  }
  return {
    correlationId: `salvage-${l.lostJobId}`.slice(0, 64),
    requester: l.lostRequester ?? 'ec2-ops-bot',
    account: l.account,
    region: l.region,
    instanceId: l.instanceId,
    instanceName: l.instanceName,
    params: {},
    channel: l.lostChannel,
    messageTs: l.lostMessageTs,
    title: `${SPECS[op].label} ${l.instanceName ?? l.instanceId} (${action === 'rollback' ? 'rolled back' : 'resumed'} after its job was lost)`,
    salvage: salvageMark,
    ...(action === 'rollback' && l.before
      ? {
          outputs: { beforeType: l.before.type, wasRunning: l.before.state === 'running' },
          rollback: { reason: why(l), failedStep: LOST_STEP, step: 0 },
        }
      : {}),
  };
}

/** The one command that finishes what a lost operation left half-done. */
function finishCommand(l: Lost, state: string): string {
  const target = `${l.account} ${l.instanceId}`;
  const stops = l.op === 'stop' || l.op === 'force-stop' || l.op === 'hibernate';
  if (state === 'stopped' && !stops) return `/ec2 start ${target}`;
  if (state === 'running' || state === 'stopped')
    return `/ec2 ${l.op} ${target} --dry-run (to see if it is still needed)`;
  return `/ec2 status ${target.split(' ')[0]}`;
}
