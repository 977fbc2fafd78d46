import type { AsgPlanLines } from './autoScaling';
import { instanceLabel } from './instance';
import type { OperationPlan } from './operationPlan';
import { NITRO_CHECKS_URL, type Preflight, type PreflightInput } from './preflight';

/**
 * The execution steps of a resize, as the plan message lists them; an Auto Scaling member's standby
 * lines (src/domain/autoScaling.ts) around the stop + start.
 */
export function resizeSteps(
  from: string,
  to: string,
  enableEna: boolean,
  wasRunning: boolean,
  asg?: Pick<AsgPlanLines, 'before' | 'after'>,
): string[] {
  return [
    ...(asg?.before ?? []),
    wasRunning ? 'stop the instance and wait until it is stopped' : 'instance is already stopped',
    'create an AMI backup of the stopped instance (consistent) and wait until it is available',
    ...(enableEna ? ['turn the ENA attribute on'] : []),
    `change the type ${from} → ${to}`,
    ...(wasRunning
      ? [
          'start it, wait until running and all three status checks pass (system, instance, attached EBS)',
          ...(asg?.after ?? []),
          `on a failed start or status check: stop, restore the previous type (and ENA setting), start again${asg?.after.length ? ', then back in service' : ''}`,
        ]
      : ['leave it stopped (it was stopped before): no start, no status checks']),
  ];
}

/**
 * Preflight + instance → the plan (pure); with `asg`, an Auto Scaling member's handling (standby lines,
 * warnings, blockers). Unescaped text: views escape.
 */
export function buildResizePlan(input: PreflightInput, pf: Preflight, asg?: AsgPlanLines): OperationPlan {
  const i = input.instance;
  const warnings = pf.items.filter((c) => c.status === 'warn').map((c) => c.text);
  if (pf.xenToNitro)
    warnings.push(
      `Xen → Nitro: run the awslabs NitroInstanceChecks script on the instance first (${NITRO_CHECKS_URL})`,
    );
  return {
    title: `Resize ${instanceLabel(i)} in ${i.accountAlias}/${i.region}: ${i.type} → ${input.targetName}`,
    steps: resizeSteps(i.type, input.targetName, pf.enableEna, i.state !== 'stopped', asg),
    warnings: [...warnings, ...(asg?.warnings ?? [])],
    blockers: [...pf.items.filter((c) => c.status === 'block').map((c) => c.text), ...(asg?.blockers ?? [])],
    checklist: pf.items.map(({ status, text }) => ({ status, text })),
  };
}
