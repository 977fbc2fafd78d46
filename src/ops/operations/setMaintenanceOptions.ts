import { instanceLabel } from '../../domain/instance';
import { SET_MAINTENANCE_OPTIONS } from '../catalog/setMaintenanceOptions';
import { dryCheck } from '../dryRun';
import type { ParamsOf } from '../entry';
import type { OperationSpec, Step } from '../spec';

const text = (v: string | undefined) => (v === 'disabled' ? 'off' : 'on');

const modify: Step<ParamsOf<typeof SET_MAINTENANCE_OPTIONS>> = {
  name: 'modify-maintenance-options',
  done: 'maintenance options set',
  async run(ctx) {
    const o = ctx.data.params;
    await ctx.call('ModifyInstanceMaintenanceOptions', () =>
      ctx.ec2.setMaintenanceOptions(ctx.data.instanceId ?? '', o),
    );
    return { ...o };
  },
};

/**
 * `/ec2 set-maintenance-options`: ModifyInstanceMaintenanceOptions. Reboot migration lets a reboot of your
 * own (or AWS's) move a `system-reboot` instance to new hardware and clear the event; simplified automatic
 * recovery moves an instance whose system check fails. Always behind an approval (src/ops/policy.ts).
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/schedevents_actions_reboot.html#reboot-migration
 */
export const setMaintenanceOptions: OperationSpec<typeof SET_MAINTENANCE_OPTIONS.params> = {
  ...SET_MAINTENANCE_OPTIONS,
  afterLoss: 'resume',
  plan: async ({ instance: i, params: o }) => {
    const now = i?.maintenance ?? {};
    const changes = [
      ...(o.rebootMigration
        ? [`reboot migration ${text(now.rebootMigration)} → ${text(o.rebootMigration)}`]
        : []),
      ...(o.autoRecovery ? [`automatic recovery ${text(now.autoRecovery)} → ${text(o.autoRecovery)}`] : []),
    ];
    return {
      title: `Set maintenance options of ${i ? instanceLabel(i) : 'the instance'}`,
      steps: [`ModifyInstanceMaintenanceOptions: ${changes.join(', ')}`],
      warnings: [
        ...(o.rebootMigration === 'disabled'
          ? ['a reboot will no longer move a system-reboot event off its host']
          : []),
        ...(o.autoRecovery === 'disabled'
          ? ['AWS will no longer recover it when its system check fails']
          : []),
      ],
      blockers: i?.state === 'terminated' ? ['the instance is terminated'] : [],
    };
  },
  dryRun: async ({ ec2, instance, params: o }) => [
    await dryCheck('ModifyInstanceMaintenanceOptions', () =>
      ec2!.setMaintenanceOptions(instance!.id, { ...o, dryRun: true }),
    ),
  ],
  steps: () => [modify],
  summary: (r) =>
    r.outcome === 'done'
      ? [
          r.outputs.rebootMigration ? `reboot migration ${text(String(r.outputs.rebootMigration))}` : '',
          r.outputs.autoRecovery ? `automatic recovery ${text(String(r.outputs.autoRecovery))}` : '',
        ]
          .filter(Boolean)
          .join(', ')
      : undefined,
};
