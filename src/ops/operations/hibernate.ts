import { instanceLabel } from '../../domain/instance';
import { HIBERNATE } from '../catalog/hibernate';
import { dryCheck } from '../dryRun';
import { ipChangeLine, joinLines } from '../ipChange';
import type { OperationSpec, RunResult } from '../spec';
import { needState, snapshotStep, stopStep, waitStoppedStep } from '../steps';
import { stopPlanOf } from '../stopPlan';

/**
 * The StateReason code of a hibernated instance; anything else after a hibernate request means EC2 fell
 * back to a normal shutdown and RAM was not saved.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_StateReason.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshoot-instance-hibernate.html
 */
export const HIBERNATED = 'Client.UserInitiatedHibernate';

function summary(r: RunResult): string | undefined {
  if (r.outcome !== 'done') return undefined;
  const reason = String(r.outputs.stateReason ?? '');
  const ip = ipChangeLine(r, { stoppedOnly: true });
  if (reason === HIBERNATED) return joinLines('hibernated: stopped with RAM saved to the root volume.', ip);
  return joinLines(
    `:warning: stopped, but hibernation fell back to a normal shutdown (StateReason ${reason || 'unknown'}): RAM was *not* saved — the next start boots fresh.`,
    ip,
  );
}

/**
 * `/ec2 hibernate`: StopInstances with Hibernate (RAM saved to the encrypted root volume), then reads
 * StateReason to tell a hibernation from a fallback shutdown. Plan blockers from the prerequisites:
 * configured at launch, RAM ≤ 150 GB, root volume encrypted and large enough, no Auto Scaling group.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/hibernating-prerequisites.html
 */
export const hibernate: OperationSpec<typeof HIBERNATE.params> = {
  ...HIBERNATE,
  afterLoss: 'resume',
  async plan(ctx) {
    const i = ctx.instance;
    const configured = i?.hibernationConfigured === true;
    const c = await stopPlanOf(ctx, 'hibernate');
    return {
      title: `Hibernate ${i ? instanceLabel(i) : 'the instance'}`,
      steps: [
        'StopInstances with Hibernate=true (RAM saved to the encrypted root volume)',
        'wait until stopped',
        'read StateReason: hibernated, or fell back to a normal shutdown',
      ],
      warnings: c.warnings,
      confirm: c.confirm,
      blockers: [
        ...needState(i, ['running'], 'only a running instance can hibernate'),
        ...(configured
          ? []
          : [
              'hibernation is not configured on this instance (it can only be enabled at launch); a plain stop loses RAM',
            ]),
        ...c.blockers,
      ],
      offer: configured ? undefined : ['stop'],
    };
  },
  dryRun: async ({ ec2, instance }) => [
    await dryCheck('StopInstances(Hibernate)', () =>
      ec2!.stop(instance!.id, { hibernate: true, dryRun: true }),
    ),
  ],
  steps: () => [
    snapshotStep('before'),
    stopStep({ hibernate: true }),
    waitStoppedStep(),
    snapshotStep('after'),
  ],
  summary,
};
