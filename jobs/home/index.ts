import type { Deps } from '../../src/deps';
import { HOME } from '../../src/jobs/home';
import { standingSummaries } from '../../src/maintenance/standingSummary';
import { isMember } from '../../src/ops/members';
import { latestPlans, weekOf } from '../../src/planner/week';
import { defineJob } from '../../src/process/jobDefinition';
import { type HomeModel, homeView } from '../../src/views/home';

/** The user's accounts: those naming them (or a user group of theirs) as operator, on-call or approver. */
async function accountsOf(deps: Deps, user: string): Promise<string[]> {
  const out: string[] = [];
  for (const a of deps.config.accounts.values())
    if (await isMember(deps, [...a.operators, ...a.oncall, ...a.approvers], user)) out.push(a.alias);
  return out;
}

/** Everything the Home tab shows one user, from Redis (approvals, alerts, plans): no AWS call. */
export async function collectHome(deps: Deps, user: string, now: Date): Promise<HomeModel> {
  const accounts = await accountsOf(deps, user);
  const pending = (await deps.stores.approvals.recent(200)).filter(
    (r) => r.state === 'pending' && r.expiresAt > now.getTime(),
  );
  const approvals = [];
  for (const r of pending) {
    const self = r.requester === user && !r.selfApprove;
    if (!self && (await isMember(deps, r.approvers, user))) approvals.push(r);
  }
  const alertStore = deps.stores.alerts;
  const alerts = (await Promise.all(accounts.map((a) => alertStore.openIn(a, 10))))
    .flat()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const plans = await latestPlans(deps.stores.plans, accounts);
  const maintenance = accounts.flatMap((a) => {
    const r = plans.get(a);
    return r ? [weekOf(r, a, now)] : [];
  });
  const standing = await standingSummaries(deps, accounts);
  return { user, now, accounts, approvals, alerts, maintenance, ...(standing.length ? { standing } : {}) };
}

/** Publishes the user's Home tab (views.publish) from what is in Redis now. */
export const homeJob = defineJob({
  ...HOME,
  create:
    (deps) =>
    async (data, { log }) => {
      if (!deps.notifier.publishHome) return { published: false };
      const model = await collectHome(deps, data.user, deps.now());
      await deps.notifier.publishHome(data.user, homeView(model));
      log.info(
        { user: data.user, approvals: model.approvals.length, alerts: model.alerts.length },
        'App Home published',
      );
      return { published: true };
    },
});
