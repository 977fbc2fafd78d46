import { instanceLabel } from '../../domain/instance';
import { asgSummary, rolledBack, standbyRollback, withAsg } from '../asgSteps';
import { RECOVER } from '../catalog/recover';
import { dryCheck } from '../dryRun';
import { healthyNow } from '../healthyGuard';
import { ipChangeLine, joinLines } from '../ipChange';
import type { OperationSpec } from '../spec';
import {
  CHECKS_STEP,
  needState,
  snapshotStep,
  startStep,
  stopStep,
  waitStateStep,
  waitStatusOkStep,
  waitStoppedStep,
} from '../steps';
import { asgStepLines, stopPlanOf } from '../stopPlan';

/**
 * `/ec2 recover`: stop + start onto a new host, then all three status checks pass. An Auto Scaling member
 * is never stopped bare: standby around the stop + start, or replaced through its group (src/ops/asgMode.ts).
 */
export const recover: OperationSpec<typeof RECOVER.params> = {
  ...RECOVER,
  afterLoss: 'resume',
  async plan(ctx) {
    const i = ctx.instance;
    const c = await stopPlanOf(ctx, 'stop-start', 'recover');
    const a = c.asg;
    const label = i ? instanceLabel(i) : 'the instance';
    return {
      title: a?.replaces
        ? `Recover ${label} by replacing it through its Auto Scaling group`
        : `Recover ${label} (stop + start onto a new host)`,
      steps: asgStepLines(a, [
        'StopInstances',
        'wait until stopped (a force stop is offered if it hangs in stopping)',
        'StartInstances',
        'wait until running',
        CHECKS_STEP,
      ]),
      warnings: c.warnings,
      confirm: c.confirm,
      blockers: [
        ...needState(i, ['running', 'stopped', 'pending'], 'wait until it has settled, then try again'),
        ...(i?.rootDeviceType === 'instance-store' && !a?.replaces
          ? ['instance-store root: a stop would terminate it; replace it from an AMI instead']
          : []),
        ...c.blockers,
        ...(await healthyNow(ctx)),
      ],
    };
  },
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('StopInstances', () => ec2!.stop(instance!.id, { dryRun: true })),
  ],
  steps: (data) =>
    withAsg(data.params, {
      before: [snapshotStep('before')],
      core: [stopStep(), waitStoppedStep(), startStep(), waitStateStep('running'), waitStatusOkStep()],
      after: [snapshotStep('after')],
      exit: true,
    }),
  rollback: standbyRollback(),
  summary: (r) => {
    if (r.outcome === 'rolled-back') return rolledBack(r);
    if (r.outcome !== 'done') return undefined;
    if (Array.isArray(r.outputs.asgNew)) return asgSummary(r.outputs, r.data.instanceId);
    return joinLines(
      `moved to a new host: running, all three status checks pass (${String(r.outputs.checksSeen ?? '')}).`,
      asgSummary(r.outputs),
      ipChangeLine(r),
    );
  },
};
