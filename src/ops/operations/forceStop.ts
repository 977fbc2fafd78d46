import { instanceLabel } from '../../domain/instance';
import { FORCE_STOP } from '../catalog/forceStop';
import { dryCheck } from '../dryRun';
import { ipChangeLine, joinLines } from '../ipChange';
import type { OperationSpec } from '../spec';
import { forceStopStep, needState, snapshotStep, waitStoppedStep } from '../steps';
import { stopPlanOf } from '../stopPlan';

/**
 * Force stop: StopInstances with Force=true, offered when a stop hangs in `stopping`. The OS gets no
 * clean shutdown (no flush of file-system caches or metadata): a file-system check may be needed at
 * the next boot. Approval like a stop (src/ops/policy.ts).
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/TroubleshootingInstancesStopping.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_StopInstances.html (Force)
 */
export const forceStop: OperationSpec<typeof FORCE_STOP.params> = {
  ...FORCE_STOP,
  afterLoss: 'resume',
  async plan(ctx) {
    const i = ctx.instance;
    const c = await stopPlanOf(ctx, 'stop');
    return {
      title: `Force stop ${i ? instanceLabel(i) : 'the instance'}`,
      steps: ['StopInstances with Force=true', 'wait until stopped'],
      warnings: [
        'no clean OS shutdown: file-system caches and metadata are not flushed — run a file-system check after the next start if it complains',
        ...c.warnings,
      ],
      confirm: `Force stop, no clean OS shutdown. ${c.confirm ?? ''}`.trim(),
      blockers: [
        ...needState(i, ['stopping', 'running', 'pending'], 'there is nothing to stop'),
        ...c.blockers,
      ],
    };
  },
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('StopInstances(Force)', () => ec2!.stop(instance!.id, { force: true, dryRun: true })),
  ],
  steps: () => [snapshotStep('before'), forceStopStep(), waitStoppedStep({ offerForce: false })],
  summary: (r) =>
    r.outcome === 'done' ? joinLines('stopped (forced)', ipChangeLine(r, { stoppedOnly: true })) : undefined,
};
