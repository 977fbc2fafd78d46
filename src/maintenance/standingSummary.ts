import type { Deps } from '../deps';
import { type StandingSummary, summaryOf } from '../views/standing';

/** The standing plans of these accounts (those that have one), from Redis: no AWS call. */
export async function standingSummaries(deps: Deps, accounts: string[]): Promise<StandingSummary[]> {
  const store = deps.stores.standing;
  const plans = deps.stores.plans;
  const out: StandingSummary[] = [];
  for (const a of accounts) {
    if (!deps.config.accounts.get(a)?.maintenance?.watch) continue;
    const r = await store.get(a);
    if (!r) continue;
    out.push(summaryOf(r, r.additionsId ? await plans.get(r.additionsId) : undefined));
  }
  return out;
}
