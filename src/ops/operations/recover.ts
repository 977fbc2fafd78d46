import { z } from 'zod';
import { instanceLabel, stopStartConsequences } from '../../domain/instance';
import { dryCheck } from '../dryRun';
import { healthyNow } from '../healthyGuard';
import type { OperationSpec } from '../spec';
import { needState, startStep, stopStep, waitStateStep, waitStatusOkStep } from '../steps';

/** `/ec2 recover`: stop + start onto a new host, then both status checks pass. */
export const recover: OperationSpec = {
  name: 'recover',
  scope: 'instance',
  label: 'Recover',
  destructive: true,
  afterLoss: 'resume',
  command: { names: ['recover'], help: 'stop + start onto a new host, then wait for the status checks' },
  params: z.object({}).strict(),
  plan: async (ctx) => {
    const i = ctx.instance;
    return {
      title: `Recover ${i ? instanceLabel(i) : 'the instance'} (stop + start onto a new host)`,
      steps: [
        'StopInstances',
        'wait until stopped',
        'StartInstances',
        'wait until running',
        'wait until both status checks pass',
      ],
      warnings: (i ? stopStartConsequences(i) : []).filter((w) => !w.startsWith('instance-store root')),
      blockers: [
        ...needState(i, ['running', 'stopped', 'pending'], 'wait until it has settled, then try again'),
        ...(i?.rootDeviceType === 'instance-store'
          ? ['instance-store root: a stop would terminate it; replace it from an AMI instead']
          : []),
        ...(await healthyNow(ctx)),
      ],
    };
  },
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('StopInstances', () => ec2!.stop(instance!.id, { dryRun: true })),
  ],
  steps: () => [
    stopStep(),
    waitStateStep('stopped'),
    startStep(),
    waitStateStep('running'),
    waitStatusOkStep(),
  ],
  summary: (r) =>
    r.outcome === 'done' ? 'moved to a new host: running, both status checks pass' : undefined,
};
