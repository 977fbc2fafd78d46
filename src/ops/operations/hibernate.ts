import { z } from 'zod';
import { instanceLabel, stopStartConsequences } from '../../domain/instance';
import { dryCheck } from '../dryRun';
import type { OperationSpec } from '../spec';
import { needState, stopStep, waitStateStep } from '../steps';

/** `/ec2 hibernate`: StopInstances with Hibernate (RAM saved to the encrypted root volume). */
export const hibernate: OperationSpec = {
  name: 'hibernate',
  scope: 'instance',
  label: 'Hibernate',
  destructive: true,
  afterLoss: 'resume',
  command: { names: ['hibernate'], help: 'hibernate (stop with RAM saved; must be configured at launch)' },
  params: z.object({}).strict(),
  async plan({ instance: i }) {
    const configured = i?.hibernationConfigured === true;
    return {
      title: `Hibernate ${i ? instanceLabel(i) : 'the instance'}`,
      steps: [
        'StopInstances with Hibernate=true (RAM saved to the encrypted root volume)',
        'wait until stopped',
      ],
      warnings: i ? stopStartConsequences(i).filter((w) => !w.startsWith('instance-store root')) : [],
      blockers: [
        ...needState(i, ['running'], 'only a running instance can hibernate'),
        ...(configured
          ? []
          : [
              'hibernation is not configured on this instance (it can only be enabled at launch); a plain stop loses RAM',
            ]),
      ],
      offer: configured ? undefined : ['stop'],
    };
  },
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('StopInstances(Hibernate)', () =>
      ec2!.stop(instance!.id, { hibernate: true, dryRun: true }),
    ),
  ],
  steps: () => [stopStep({ hibernate: true }), waitStateStep('stopped')],
  summary: (r) => (r.outcome === 'done' ? 'hibernated (stopped with RAM saved)' : undefined),
};
