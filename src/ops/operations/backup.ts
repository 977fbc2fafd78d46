import { instanceLabel } from '../../domain/instance';
import { BACKUP } from '../catalog/backup';
import { dryCheck } from '../dryRun';
import type { OperationSpec } from '../spec';
import { createImageStep, needState, waitImageStep } from '../steps';

/** AMI name for a backup: `<name>-backup-YYYYMMDD-HHMM`, limited to the characters CreateImage allows. */
export function backupImageName(name: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 13);
  const safe = name.replace(/[^\w ().\-/']/g, '_').slice(0, 100);
  return `${safe}-backup-${stamp}`;
}

/** `/ec2 backup`: an AMI of the instance, crash-consistent (no reboot) unless `--reboot`. */
export const backup: OperationSpec<typeof BACKUP.params> = {
  ...BACKUP,
  afterLoss: 'resume',
  async plan({ deps, instance: i, params: p }) {
    const reboot = p.reboot === true;
    return {
      title: `Back up ${i ? instanceLabel(i) : 'the instance'} to an AMI`,
      steps: [
        `CreateImage ${backupImageName(i?.name ?? i?.id ?? 'instance', deps.now())}${reboot ? ' (with reboot)' : ' (no reboot)'}`,
        'wait until the AMI is available, then report its id',
      ],
      warnings: reboot
        ? ['the instance reboots for a consistent image']
        : ['no reboot: the image is crash-consistent only (add --reboot for a consistent one)'],
      blockers: needState(i, ['running', 'stopped'], 'an AMI needs a running or stopped instance'),
    };
  },
  dryRun: async ({ ec2, instance, params: p }) => [
    await dryCheck('CreateImage', () =>
      ec2!.createImage(instance!.id, {
        name: 'dry-run',
        noReboot: p.reboot !== true,
        tags: {},
        dryRun: true,
      }),
    ),
  ],
  steps: () => [
    createImageStep({
      name: (ctx) =>
        backupImageName(ctx.data.instanceName ?? ctx.data.instanceId ?? 'instance', ctx.deps.now()),
      noReboot: (ctx) => ctx.data.params.reboot !== true,
      done: (imageId) => `image ${imageId} requested`,
    }),
    waitImageStep(),
  ],
  summary: (r) => (r.outcome === 'done' ? `AMI ${String(r.outputs.imageId)} is available` : undefined),
};
