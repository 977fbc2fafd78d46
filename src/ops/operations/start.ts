import { instanceLabel } from '../../domain/instance';
import { START } from '../catalog/start';
import { dryCheck } from '../dryRun';
import { ipChangeLine, joinLines } from '../ipChange';
import type { OperationSpec } from '../spec';
import { needState, snapshotStep, startStep, waitStateStep, waitStatusOkStep } from '../steps';

/** `/ec2 start`: StartInstances, then running and both status checks pass (like recover). */
export const start: OperationSpec = {
  ...START,
  afterLoss: 'resume',
  plan: async ({ instance: i }) => ({
    title: `Start ${i ? instanceLabel(i) : 'the instance'}`,
    steps: ['StartInstances', 'wait until running', 'wait until both status checks pass'],
    warnings: [
      ...(i?.spot ? [`Spot instance: it starts only if Spot capacity for ${i.type} is available`] : []),
      ...(i && !i.hasElasticIp && i.state === 'stopped'
        ? ['no Elastic IP: it gets a new public IPv4 (if its subnet assigns one)']
        : []),
    ],
    blockers: needState(
      i,
      ['stopped'],
      i?.state === 'running'
        ? 'it is already running, nothing to start'
        : 'only a stopped instance can be started',
    ),
  }),
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('StartInstances', () => ec2!.start(instance!.id, { dryRun: true })),
  ],
  steps: () => [startStep(), waitStateStep('running'), waitStatusOkStep(), snapshotStep('after')],
  summary: (r) =>
    r.outcome === 'done' ? joinLines('running, both status checks pass.', ipChangeLine(r)) : undefined,
};
