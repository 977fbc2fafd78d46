import { asgSummary } from '../asgSteps';
import type { RESIZE } from '../catalog/resize';
import type { ParamsOf } from '../entry';
import { LOST_STEP } from '../inFlight';
import { ipChangeLine, joinLines } from '../ipChange';
import type { RunResult as AnyRunResult } from '../spec';

type RunResult = AnyRunResult<ParamsOf<typeof RESIZE>>;

const ami = (o: Record<string, unknown>): string =>
  o.imageId ? `\`${String(o.imageId)}\`` : 'none (no backup was made)';
const changedType = (r: RunResult): boolean =>
  ['set-type', 'start', 'wait-running', 'wait-status-ok', LOST_STEP].includes(r.failedStep ?? '');

/** Where a rollback left the instance: started again with its checks passing, or stopped as it was. */
const nowLine = (o: Record<string, unknown>, before: string): string =>
  o.wasRunning === false
    ? `The instance is stopped on ${before}, as it was before.`
    : `The instance is running again on ${before} and all three status checks pass.`;

/** The resize's own lines of a rolled-back run; the member's Auto Scaling line follows them. */
function rolledBackLines(r: RunResult, inst: string, before: string): string {
  const o = r.outputs;
  // Only a step after the checks failed (ExitStandby, the read after): the new type stays.
  if (o.nothingToUndo && o.checksSeen !== undefined)
    return `Resized ${inst}: ${before} → ${String(o.typeNow ?? r.data.params.targetType)} and all three status checks pass (${String(o.checksSeen)}), but then: ${r.failure}.\nBackup AMI ${ami(o)}.`;
  return changedType(r)
    ? `Rolled back ${inst} to ${before} after: ${r.failure}.\n${nowLine(o, before)}\nBackup AMI ${ami(o)}.`
    : `Resize stopped before the type change of ${inst}: ${r.failure}. The type is still ${before}.${o.imageId ? `\nBackup AMI ${ami(o)}.` : ''}`;
}

/** The finished message of a resize: what changed (type, IPv4, the member's group), or how it was rolled back. */
export function resizeSummary(r: RunResult): string {
  const o = r.outputs;
  const inst = `\`${r.data.instanceId ?? ''}\``;
  const before = String(o.beforeType ?? '?');
  switch (r.outcome) {
    case 'done':
      return joinLines(
        `Resized ${inst}: ${before} → ${String(r.data.params.targetType)}${o.wasRunning === false ? ' (left stopped, as it was)' : `; all three status checks pass (${String(o.checksSeen ?? '')})`}.`,
        asgSummary(o),
        `Backup AMI ${ami(o)} (keep it until you are sure, then deregister it).`,
        o.wasRunning === false ? undefined : ipChangeLine(r),
      );
    case 'rolled-back':
      return joinLines(rolledBackLines(r, inst, before), asgSummary(o));
    case 'rollback-failed':
      return joinLines(
        `Resize failed and so did the rollback of ${inst}.`,
        `What failed: ${r.failure}. Rollback: ${r.rollbackFailure}.`,
        asgSummary(o),
        `Restore from the backup AMI ${ami(o)} if the instance does not come back.`,
      );
    case 'failed':
      return `Resize stopped before the type change of ${inst}: ${r.failure}. The type is still ${before}.`;
  }
}
