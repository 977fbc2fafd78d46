import { instanceLabel } from '../../domain/instance';
import { RECOVER } from '../catalog/recover';
import { dryCheck } from '../dryRun';
import { healthyNow } from '../healthyGuard';
import { ipChangeLine, joinLines } from '../ipChange';
import type { OperationSpec } from '../spec';
import {
  needState,
  snapshotStep,
  startStep,
  stopStep,
  waitStateStep,
  waitStatusOkStep,
  waitStoppedStep,
} from '../steps';
import { stopPlanOf } from '../stopPlan';

/** `/ec2 recover`: stop + start onto a new host, then both status checks pass. */
export const recover: OperationSpec = {
  ...RECOVER,
  afterLoss: 'resume',
  async plan(ctx) {
    const i = ctx.instance;
    const c = await stopPlanOf(ctx, 'stop-start');
    return {
      title: `Recover ${i ? instanceLabel(i) : 'the instance'} (stop + start onto a new host)`,
      steps: [
        'StopInstances',
        'wait until stopped (a force stop is offered if it hangs in stopping)',
        'StartInstances',
        'wait until running',
        'wait until both status checks pass',
      ],
      warnings: c.warnings,
      confirm: c.confirm,
      blockers: [
        ...needState(i, ['running', 'stopped', 'pending'], 'wait until it has settled, then try again'),
        ...(i?.rootDeviceType === 'instance-store'
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
  steps: () => [
    snapshotStep('before'),
    stopStep(),
    waitStoppedStep(),
    startStep(),
    waitStateStep('running'),
    waitStatusOkStep(),
    snapshotStep('after'),
  ],
  summary: (r) =>
    r.outcome === 'done'
      ? joinLines('moved to a new host: running, both status checks pass.', ipChangeLine(r))
      : undefined,
};
