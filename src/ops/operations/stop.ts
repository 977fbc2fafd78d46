import { instanceLabel } from '../../domain/instance';
import { asgSummary, rolledBack, standbyRollback, withAsg } from '../asgSteps';
import { STOP } from '../catalog/stop';
import { dryCheck } from '../dryRun';
import { ipChangeLine, joinLines } from '../ipChange';
import type { OperationSpec } from '../spec';
import { needState, snapshotStep, stopStep, waitStoppedStep } from '../steps';
import { asgStepLines, stopPlanOf } from '../stopPlan';

/**
 * `/ec2 stop`: StopInstances, then stopped. What a stop costs this instance (instance store, public IPv4,
 * Auto Scaling, Spot, stop protection) is on the plan and its confirm dialog; a stop stuck in
 * `stopping` offers a force stop. An Auto Scaling member enters standby first (and stays there while
 * stopped) or is replaced through its group, by the Auto Scaling mode (src/ops/asgMode.ts).
 */
export const stop: OperationSpec<typeof STOP.params> = {
  ...STOP,
  afterLoss: 'resume',
  async plan(ctx) {
    const i = ctx.instance;
    const c = await stopPlanOf(ctx, 'stop', 'stop');
    const a = c.asg;
    const label = i ? instanceLabel(i) : 'the instance';
    return {
      title: a?.replaces
        ? `Replace ${label} through its Auto Scaling group (instead of a stop)`
        : `Stop ${label}`,
      steps: asgStepLines(a, [
        'StopInstances',
        'wait until stopped (a force stop is offered if it hangs in stopping)',
      ]),
      warnings: c.warnings,
      confirm: c.confirm,
      blockers: [
        ...needState(i, ['running', 'pending'], 'there is nothing to stop'),
        ...(i?.rootDeviceType === 'instance-store' && !a?.replaces
          ? ['instance-store root: it cannot be stopped, only terminated']
          : []),
        ...c.blockers,
      ],
    };
  },
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('StopInstances', () => ec2!.stop(instance!.id, { dryRun: true })),
  ],
  steps: (data) =>
    withAsg(data.params, {
      before: [snapshotStep('before')],
      core: [stopStep(), waitStoppedStep()],
      exit: false,
    }),
  rollback: standbyRollback(),
  summary: (r) => {
    if (r.outcome === 'rolled-back') return rolledBack(r);
    if (r.outcome !== 'done') return undefined;
    if (Array.isArray(r.outputs.asgNew)) return asgSummary(r.outputs, r.data.instanceId);
    return joinLines('stopped', asgSummary(r.outputs), ipChangeLine(r, { stoppedOnly: true }));
  },
};
