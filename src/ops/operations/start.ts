import { instanceLabel } from '../../domain/instance';
import { asgOfJob, asgPlanOf } from '../asgMode';
import { asgSummary, exitStandbyStep } from '../asgSteps';
import { START } from '../catalog/start';
import { dryCheck } from '../dryRun';
import { ipChangeLine, joinLines } from '../ipChange';
import type { OperationSpec } from '../spec';
import { CHECKS_STEP, needState, snapshotStep, startStep, waitStateStep, waitStatusOkStep } from '../steps';

/**
 * `/ec2 start`: StartInstances, then running and all three status checks pass (like recover). An Auto
 * Scaling member in standby (a stop by the bot left it there) goes back in service once they pass.
 */
export const start: OperationSpec<typeof START.params> = {
  ...START,
  afterLoss: 'resume',
  async plan(ctx) {
    const i = ctx.instance;
    const a = i?.state === 'stopped' ? await asgPlanOf(ctx, 'start') : undefined;
    return {
      title: `Start ${i ? instanceLabel(i) : 'the instance'}`,
      steps: ['StartInstances', 'wait until running', CHECKS_STEP, ...(a?.after ?? [])],
      warnings: [
        ...(i?.spot ? [`Spot instance: it starts only if Spot capacity for ${i.type} is available`] : []),
        ...(i && !i.hasElasticIp && i.state === 'stopped'
          ? ['no Elastic IP: it gets a new public IPv4 (if its subnet assigns one)']
          : []),
        ...(a?.warnings ?? []),
      ],
      blockers: needState(
        i,
        ['stopped'],
        i?.state === 'running'
          ? 'it is already running, nothing to start'
          : 'only a stopped instance can be started',
      ),
    };
  },
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('StartInstances', () => ec2!.start(instance!.id, { dryRun: true })),
  ],
  steps: (data) => [
    startStep(),
    waitStateStep('running'),
    waitStatusOkStep(),
    ...(asgOfJob(data.params)?.mode === 'standby' ? [exitStandbyStep()] : []),
    snapshotStep('after'),
  ],
  summary: (r) =>
    r.outcome === 'done'
      ? joinLines(
          `running, all three status checks pass (${String(r.outputs.checksSeen ?? '')}).`,
          asgSummary(r.outputs),
          ipChangeLine(r),
        )
      : undefined,
};
