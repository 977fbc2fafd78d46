import { instanceLabel } from '../../domain/instance';
import { asgSummary, rolledBack, standbyRollback, withAsg } from '../asgSteps';
import { FORCE_STOP } from '../catalog/forceStop';
import { dryCheck } from '../dryRun';
import { ipChangeLine, joinLines } from '../ipChange';
import type { OperationSpec } from '../spec';
import {
  CHECKS_STEP,
  forceStopStep,
  needState,
  snapshotStep,
  startStep,
  waitStateStep,
  waitStatusOkStep,
  waitStoppedStep,
} from '../steps';
import { asgStepLines, stopPlanOf } from '../stopPlan';

const thenStarts = (params: { thenStart?: boolean }): boolean => params.thenStart === true;

/**
 * Force stop: StopInstances with Force=true, offered when a stop hangs in `stopping`. The OS gets no
 * clean shutdown (no flush of file-system caches or metadata): a file-system check may be needed at
 * the next boot. Approval like a stop (src/ops/policy.ts). An Auto Scaling member is handled as a stop
 * handles it (standby first, and it stays there while stopped; replace; leave refuses). Offered by a stop
 * + start (`thenStart`), it starts the instance again and waits for all three status checks, and a member
 * goes back in service.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/TroubleshootingInstancesStopping.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_StopInstances.html (Force)
 */
export const forceStop: OperationSpec<typeof FORCE_STOP.params> = {
  ...FORCE_STOP,
  afterLoss: 'resume',
  async plan(ctx) {
    const i = ctx.instance;
    const start = thenStarts(ctx.params);
    const c = await stopPlanOf(ctx, start ? 'stop-start' : 'stop', start ? 'recover' : 'stop');
    const a = c.asg;
    const label = i ? instanceLabel(i) : 'the instance';
    return {
      title: a?.replaces
        ? `Replace ${label} through its Auto Scaling group (instead of a force stop)`
        : `Force stop ${label}${start && !ctx.req.label ? ' and start it again' : ''}`,
      steps: asgStepLines(a, [
        'StopInstances with Force=true',
        'wait until stopped',
        ...(start ? ['StartInstances', 'wait until running', CHECKS_STEP] : []),
      ]),
      warnings: [
        ...(a?.replaces
          ? []
          : [
              'no clean OS shutdown: file-system caches and metadata are not flushed — run a file-system check after the next start if it complains',
            ]),
        ...c.warnings,
      ],
      confirm: `Force stop, no clean OS shutdown${start ? ', then start' : ''}. ${c.confirm ?? ''}`.trim(),
      blockers: [
        ...needState(i, ['stopping', 'running', 'pending'], 'there is nothing to stop'),
        ...c.blockers,
      ],
    };
  },
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('StopInstances(Force)', () => ec2!.stop(instance!.id, { force: true, dryRun: true })),
  ],
  steps: (data) => {
    const start = thenStarts(data.params);
    return withAsg(data.params, {
      before: [snapshotStep('before')],
      core: [
        forceStopStep(),
        waitStoppedStep({ offerForce: false }),
        ...(start ? [startStep(), waitStateStep('running'), waitStatusOkStep()] : []),
      ],
      after: start ? [snapshotStep('after')] : [],
      exit: start,
    });
  },
  rollback: standbyRollback(),
  summary: (r) => {
    if (r.outcome === 'rolled-back') return rolledBack(r);
    if (r.outcome !== 'done') return undefined;
    if (Array.isArray(r.outputs.asgNew)) return asgSummary(r.outputs, r.data.instanceId);
    if (thenStarts(r.data.params))
      return joinLines(
        `stopped (forced) and started again: running, all three status checks pass (${String(r.outputs.checksSeen ?? '')}).`,
        asgSummary(r.outputs),
        ipChangeLine(r),
      );
    return joinLines('stopped (forced)', asgSummary(r.outputs), ipChangeLine(r, { stoppedOnly: true }));
  },
};
