import { instanceLabel } from '../../domain/instance';
import { STOP } from '../catalog/stop';
import { dryCheck } from '../dryRun';
import { ipChangeLine, joinLines } from '../ipChange';
import type { OperationSpec } from '../spec';
import { needState, snapshotStep, stopStep, waitStoppedStep } from '../steps';
import { stopPlanOf } from '../stopPlan';

/**
 * `/ec2 stop`: StopInstances, then stopped. What a stop costs this instance (instance store, public IPv4,
 * Auto Scaling, Spot, stop protection) is on the plan and its confirm dialog; a stop stuck in
 * `stopping` offers a force stop.
 */
export const stop: OperationSpec = {
  ...STOP,
  afterLoss: 'resume',
  async plan(ctx) {
    const i = ctx.instance;
    const c = await stopPlanOf(ctx, 'stop');
    return {
      title: `Stop ${i ? instanceLabel(i) : 'the instance'}`,
      steps: ['StopInstances', 'wait until stopped (a force stop is offered if it hangs in stopping)'],
      warnings: c.warnings,
      confirm: c.confirm,
      blockers: [
        ...needState(i, ['running', 'pending'], 'there is nothing to stop'),
        ...(i?.rootDeviceType === 'instance-store'
          ? ['instance-store root: it cannot be stopped, only terminated']
          : []),
        ...c.blockers,
      ],
    };
  },
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('StopInstances', () => ec2!.stop(instance!.id, { dryRun: true })),
  ],
  steps: () => [snapshotStep('before'), stopStep(), waitStoppedStep()],
  summary: (r) =>
    r.outcome === 'done' ? joinLines('stopped', ipChangeLine(r, { stoppedOnly: true })) : undefined,
};
