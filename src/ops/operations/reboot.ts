import { instanceLabel } from '../../domain/instance';
import { REBOOT } from '../catalog/reboot';
import { dryCheck } from '../dryRun';
import type { OperationSpec, Step } from '../spec';
import { CHECKS_STEP, needState, waitStatusOkStep } from '../steps';

const rebootStep: Step = {
  name: 'reboot',
  done: 'reboot requested',
  once: true,
  async run(ctx) {
    await ctx.call('RebootInstances', () => ctx.ec2.reboot(ctx.data.instanceId ?? ''));
    return undefined;
  },
};

/** `/ec2 reboot`: RebootInstances, then all three status checks pass. */
export const reboot: OperationSpec<typeof REBOOT.params> = {
  ...REBOOT,
  afterLoss: 'report',
  plan: async ({ instance: i }) => ({
    title: `Reboot ${i ? instanceLabel(i) : 'the instance'}`,
    steps: ['RebootInstances', CHECKS_STEP],
    warnings: ['the instance is unavailable while it reboots'],
    blockers: needState(i, ['running'], 'only a running instance can be rebooted'),
  }),
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('RebootInstances', () => ec2!.reboot(instance!.id, { dryRun: true })),
  ],
  steps: () => [rebootStep, waitStatusOkStep()],
  summary: (r) =>
    r.outcome === 'done'
      ? `rebooted; all three status checks pass (${String(r.outputs.checksSeen ?? '')})`
      : undefined,
};
