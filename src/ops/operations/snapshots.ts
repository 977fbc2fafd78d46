import type { Account } from '../../config/types';
import { requireSnapshotPolicy, runRegions } from '../../domain/snapshotPolicy';
import { awsErrorName } from '../../errors/aws';
import type { OpJobData } from '../../jobs/opJob';
import { SCHEDULER_ACTOR } from '../../jobs/snapshotsScheduled';
import { regionProgressView, runStartView, runSummaryView } from '../../views/snapshots';
import { SNAPSHOTS } from '../catalog/snapshots';
import type { ParamsOf } from '../entry';
import { snapshotsOperationPlan } from '../snapshots/operationPlan';
import {
  createSnapshots,
  deleteExpired,
  itemError,
  parseProgress,
  progressOf,
  pushOnce,
  type RunProgress,
  regionOf,
} from '../snapshots/run';
import type { JobData, OperationSpec, Step, StepContext } from '../spec';

type SnapshotsParams = ParamsOf<typeof SNAPSHOTS>;
const policyOf = (ctx: StepContext) => requireSnapshotPolicy(ctx.account);
const kindOf = (d: OpJobData): 'scheduled' | 'apply' =>
  d.requester === SCHEDULER_ACTOR ? 'scheduled' : 'apply';
const regionsOf = (d: JobData<SnapshotsParams>, a: Account): string[] =>
  runRegions(requireSnapshotPolicy(a), d.params.regions);
const failedRegion = (p: RunProgress, region: string): boolean => p.failed.some((f) => f.id === region);

/** The run's first message: in the approval's thread, or its own message that the result updates. */
const begin: Step<SnapshotsParams> = {
  name: 'begin',
  async run(ctx) {
    const d = ctx.data;
    const ts = await ctx.post(
      runStartView(d.account, kindOf(d), regionsOf(d, ctx.account), {
        requester: d.requester,
        approver: d.approver,
      }),
    );
    return { progress: progressOf(ctx), ...(d.messageTs || d.threadTs ? {} : { messageTs: ts }) };
  },
};

/**
 * One region's work. A region that answers with an error (AccessDenied, say) is recorded as failed and
 * the run goes on with the others; throttling and 5xx fail the step, and the job resumes here.
 */
const regionStep = (region: string, part: 'create' | 'delete'): Step => ({
  name: `${part}:${region}`,
  label: part === 'create' ? `creating snapshots in ${region}` : `deleting expired snapshots in ${region}`,
  async run(ctx) {
    const progress = progressOf(ctx);
    if (!failedRegion(progress, region)) {
      const ec2 = ctx.ec2For(region);
      try {
        if (part === 'create') await createSnapshots(ctx, ec2, region, policyOf(ctx), progress);
        else await deleteExpired(ctx, ec2, region, policyOf(ctx), progress);
      } catch (err) {
        if (!itemError(err)) throw err;
        ctx.log.warn({ err, region }, 'snapshot run: region failed');
        pushOnce(progress.failed, {
          id: region,
          region,
          reason: `region not processed: ${awsErrorName(err)}`,
        });
      }
    }
    if (part === 'delete') {
      const rp = regionOf(progress, region);
      const inRegion = (l: { region: string }[]) => l.filter((i) => i.region === region).length;
      const counts = { ...rp, skipped: inRegion(progress.skipped), failed: inRegion(progress.failed) };
      await ctx.post(regionProgressView(region, counts));
    }
    return { progress };
  },
});

const totals = (p: RunProgress) => {
  const rs = Object.values(p.regions);
  const sum = (k: 'created' | 'deleted' | 'kept') => rs.reduce((a, r) => a + r[k], 0);
  return { created: sum('created'), deleted: sum('deleted'), kept: sum('kept') };
};

const report: Step = {
  name: 'report',
  async run(ctx) {
    const p = progressOf(ctx);
    const d = ctx.data;
    await ctx.post(
      runSummaryView({
        account: d.account,
        kind: kindOf(d),
        regions: regionsOf(d, ctx.account),
        ...totals(p),
        skipped: p.skipped,
        failed: p.failed,
        correlationId: d.correlationId,
      }),
    );
    return undefined;
  },
};

/**
 * Snapshot retention for one account (`/ec2 snapshots <account> apply`, and the scheduled runs): per
 * region, snapshot the running instances' volumes, then plan and delete what the policy no longer keeps.
 */
export const snapshots: OperationSpec<typeof SNAPSHOTS.params> = {
  ...SNAPSHOTS,
  afterLoss: 'resume',
  lock: { region: 'all', id: 'snapshot-retention' },
  plan: ({ deps, req, params: p }) =>
    snapshotsOperationPlan(deps, { account: req.account, regions: p.regions, requester: req.requester }),
  steps(data, account) {
    const policy = requireSnapshotPolicy(account);
    const regions = regionsOf(data, account);
    return [
      begin,
      ...regions.flatMap((r) => [
        ...(policy.create ? [regionStep(r, 'create')] : []),
        regionStep(r, 'delete'),
      ]),
      report,
    ];
  },
  summary(r) {
    if (r.outcome !== 'done') return undefined;
    const p = parseProgress(r.outputs.progress);
    const t = totals(p);
    return `created ${t.created} · deleted ${t.deleted} · skipped ${p.skipped.length} · failed ${p.failed.length} · kept ${t.kept}`;
  },
};
