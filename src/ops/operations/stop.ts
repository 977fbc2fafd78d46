import { z } from 'zod';
import { instanceLabel, stopStartConsequences } from '../../domain/instance';
import { dryCheck } from '../dryRun';
import type { OperationSpec } from '../spec';
import { needState, stopStep, waitStateStep } from '../steps';

/** `/ec2 stop`: StopInstances, then stopped. What a stop costs this instance is on the plan. */
export const stop: OperationSpec = {
  name: 'stop',
  scope: 'instance',
  label: 'Stop',
  destructive: true,
  afterLoss: 'resume',
  command: { names: ['stop'], help: 'stop the instance' },
  params: z.object({}).strict(),
  plan: async ({ instance: i }) => ({
    title: `Stop ${i ? instanceLabel(i) : 'the instance'}`,
    steps: ['StopInstances', 'wait until stopped'],
    warnings: i ? stopStartConsequences(i).filter((w) => !w.startsWith('instance-store root')) : [],
    blockers: [
      ...needState(i, ['running', 'pending'], 'there is nothing to stop'),
      ...(i?.rootDeviceType === 'instance-store'
        ? ['instance-store root: it cannot be stopped, only terminated']
        : []),
    ],
  }),
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('StopInstances', () => ec2!.stop(instance!.id, { dryRun: true })),
  ],
  steps: () => [stopStep(), waitStateStep('stopped')],
  summary: (r) => (r.outcome === 'done' ? 'stopped' : undefined),
};
