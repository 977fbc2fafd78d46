import type { Deps } from '../../deps';
import { resolveAccounts } from '../../domain/accounts';
import type { OperationPlan } from '../../domain/operationPlan';
import { requireSnapshotPolicy, runRegions } from '../../domain/snapshotPolicy';
import { countsText } from '../../views/snapshots';
import { planRegions } from './gather';

/**
 * The `snapshots` operation's plan for the approval message (src/opsApi.ts OperationPlan): one step per
 * region with what a run creates, keeps and deletes. For the operations feature's planner registry:
 * `snapshots: (deps, req) => snapshotsOperationPlan(deps, { account: req.account, regions: req.params?.regions, requester: req.requester })`.
 * Text is unescaped (views escape), like every OperationPlan.
 */
export async function snapshotsOperationPlan(
  deps: Deps,
  req: { account: string; regions?: unknown; requester?: string },
): Promise<OperationPlan> {
  const [account] = resolveAccounts(deps.config, req.account, { allowAll: false });
  const policy = requireSnapshotPolicy(account!);
  const regions = runRegions(policy, Array.isArray(req.regions) ? req.regions.map(String) : undefined);
  const plans = await planRegions(deps, account!, policy, regions, deps.now(), {
    requester: req.requester,
  });
  const steps = plans.map((p) =>
    p.error
      ? `${p.region}: could not be read (${p.error})`
      : `${p.region}: ${countsText({ create: p.toCreate.length, ...p.retention!.totals })}`,
  );
  const deleting = plans.reduce((a, p) => a + (p.retention?.totals.delete ?? 0), 0);
  const warnings = [
    ...(deleting ? [`deletes ${deleting} snapshot${deleting === 1 ? '' : 's'} the bot created`] : []),
    ...plans.filter((p) => p.error).map((p) => `${p.region} could not be read: the run will report it`),
  ];
  const creating = plans.reduce((a, p) => a + p.toCreate.length, 0);
  const title = `Snapshot retention for ${account!.alias}`;
  // The Approve confirm: what the run creates and deletes, in numbers (the steps have them per region).
  const confirm = `${title} in ${regions.join(', ')}: creates ${creating} snapshot${creating === 1 ? '' : 's'} and deletes ${deleting} snapshot${deleting === 1 ? '' : 's'} the bot created. Deleted snapshots cannot be restored.`;
  return { title, steps, warnings, blockers: [], confirm };
}
