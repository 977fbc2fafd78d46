import type { Account } from '../../src/config/types';
import type { Deps } from '../../src/deps';
import { awsErrorName } from '../../src/errors/aws';
import { MAINTENANCE_WINDOWS } from '../../src/jobs/maintenanceWindows';
import { ourWindow } from '../../src/ops/operations/eventWindows';
import { configRanges } from '../../src/planner/eventWindows';
import { defineJob } from '../../src/process/jobDefinition';
import { type WindowsAccount, windowsView } from '../../src/views/eventWindows';

/** One account: the config's ranges in UTC, and per region AWS's windows (which one is ours). */
async function accountWindows(deps: Deps, a: Account, requester: string): Promise<WindowsAccount> {
  const cfg = a.maintenance;
  const wanted = cfg ? configRanges(cfg, deps.now()) : undefined;
  const regions = await Promise.all(
    a.regions.map(async (region) => {
      try {
        const windows = await deps.ec2Port(a, region, { requester }).eventWindows();
        const ours = cfg ? ourWindow(windows, cfg.event_window_tag) : undefined;
        return { region, windows, ...(ours ? { oursId: ours.id } : {}) };
      } catch (err) {
        deps.log.warn({ err, account: a.alias, region }, 'event windows not read');
        return { region, windows: [], error: awsErrorName(err) };
      }
    }),
  );
  return {
    account: a.alias,
    ...(cfg ? { tz: cfg.tz, configured: cfg.windows, tag: cfg.event_window_tag } : {}),
    ...(wanted ? { wanted } : {}),
    regions,
  };
}

/** Reads every region of the accounts at once and answers through response_url. */
export const maintenanceWindowsJob = defineJob({
  ...MAINTENANCE_WINDOWS,
  create: (deps) => async (data) => {
    const accounts = data.accounts.map((a) => deps.config.accounts.get(a)).filter((a): a is Account => !!a);
    const model = await Promise.all(accounts.map((a) => accountWindows(deps, a, data.requester)));
    if (data.responseUrl)
      await deps.responder.respond(data.responseUrl, { ...windowsView(model), response_type: 'ephemeral' });
    return { accounts: model.length };
  },
});
