import type { Account } from '../../config/types';
import type { EventWindow } from '../../domain/eventWindow';
import { AppError, ErrorCode } from '../../errors/appError';
import { configRanges, parseTag, rangeText, sameRanges } from '../../planner/eventWindows';
import { EVENT_WINDOWS } from '../catalog/eventWindows';
import type { ParamsOf } from '../entry';
import type { OperationSpec, Step, StepContext } from '../spec';

/** The name of the one event window the bot keeps per account-region. */
export const EVENT_WINDOW_NAME = 'ec2bot-maintenance';

function configOf(account: Account) {
  const m = account.maintenance;
  if (!m) throw new AppError(ErrorCode.BadInput, `${account.alias} has no maintenance: windows to apply.`);
  return m;
}

const regionsOf = (account: Account, params: ParamsOf<typeof EVENT_WINDOWS>): string[] =>
  params.regions ?? account.regions;

/** Ours: the window that targets the tag, else the one carrying our name. */
export function ourWindow(windows: EventWindow[], tag: string): EventWindow | undefined {
  const t = parseTag(tag);
  return (
    windows.find((w) => w.targets.tags.some((x) => x.key === t.key && x.value === t.value)) ??
    windows.find((w) => w.name === EVENT_WINDOW_NAME)
  );
}

/** One region: create or update our window to the config's ranges, and make it target the tag. */
const regionStep = (region: string): Step => ({
  name: `event-window:${region}`,
  label: `setting the event window in ${region}`,
  async run(ctx: StepContext) {
    const cfg = configOf(ctx.account);
    const { ranges } = configRanges(cfg, ctx.deps.now());
    const ec2 = ctx.ec2For(region);
    const mine = ourWindow(await ec2.eventWindows(), cfg.event_window_tag);
    let id = mine?.id;
    if (!id)
      id = await ctx.call('CreateInstanceEventWindow', () =>
        ec2.createEventWindow(EVENT_WINDOW_NAME, ranges),
      );
    else if (!sameRanges(mine?.ranges ?? [], ranges))
      await ctx.call('ModifyInstanceEventWindow', () => ec2.modifyEventWindow(id ?? '', ranges));
    const tag = parseTag(cfg.event_window_tag);
    if (!mine?.targets.tags.some((t) => t.key === tag.key && t.value === tag.value))
      await ctx.call('AssociateInstanceEventWindow', () => ec2.associateEventWindowTag(id ?? '', tag));
    ctx.note(`${region}: event window ${id} — ${ranges.map(rangeText).join(', ')}`);
    return { [`window:${region}`]: id };
  },
});

/**
 * `/ec2 maintenance windows <account|all> apply`: one AWS instance event window per account-region, set to
 * the config's `windows` in UTC, targeting instances tagged `maintenance.event_window_tag`. Always behind an
 * approval (src/ops/policy.ts); ranges AWS would refuse block the plan with AWS's rule.
 */
export const eventWindows: OperationSpec<typeof EVENT_WINDOWS.params> = {
  ...EVENT_WINDOWS,
  afterLoss: 'resume',
  lock: { region: 'all', id: 'event-windows' },
  async plan({ deps, account, req, params }) {
    const cfg = configOf(account);
    const { ranges, notes, refusals } = configRanges(cfg, deps.now());
    const actor = { requester: req.requester };
    const steps: string[] = [];
    for (const region of regionsOf(account, params)) {
      const mine = ourWindow(await deps.ec2Port(account, region, actor).eventWindows(), cfg.event_window_tag);
      if (!mine) steps.push(`${region}: CreateInstanceEventWindow ${EVENT_WINDOW_NAME}, associate the tag`);
      else if (!sameRanges(mine.ranges, ranges))
        steps.push(
          `${region}: ModifyInstanceEventWindow ${mine.id}: ${mine.ranges.map(rangeText).join(', ') || 'no ranges'} → new ranges`,
        );
      else steps.push(`${region}: ${mine.id} already matches`);
    }
    return {
      title: `Event windows for ${account.alias}: ${ranges.map(rangeText).join(', ') || 'none'}`,
      steps,
      warnings: [
        `AWS places stop, reboot and terminate events of instances tagged ${cfg.event_window_tag} in these ranges (not network maintenance or expedited events)`,
        'events AWS scheduled already keep their time',
        ...notes,
      ],
      blockers: refusals,
    };
  },
  steps: (data, account) => regionsOf(account, data.params).map(regionStep),
  summary: (r) => (r.outcome === 'done' ? 'event windows set' : undefined),
};
