import { z } from 'zod';
import { instanceLabel } from '../../domain/instance';
import { dryCheck } from '../dryRun';
import type { OperationSpec } from '../spec';
import { needState, startStep, waitStateStep } from '../steps';

/** `/ec2 start`: StartInstances, then running. */
export const start: OperationSpec = {
  name: 'start',
  scope: 'instance',
  label: 'Start',
  destructive: false,
  afterLoss: 'resume',
  command: { names: ['start'], help: 'start a stopped instance' },
  params: z.object({}).strict(),
  plan: async ({ instance: i }) => ({
    title: `Start ${i ? instanceLabel(i) : 'the instance'}`,
    steps: ['StartInstances', 'wait until running'],
    warnings: i?.spot ? ['Spot instance: capacity may not be available'] : [],
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
  steps: () => [startStep(), waitStateStep('running')],
  summary: (r) => (r.outcome === 'done' ? 'running' : undefined),
};
