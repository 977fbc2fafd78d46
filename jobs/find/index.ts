import type { Actor } from '../../src/aws/clients';
import type { Deps } from '../../src/deps';
import { isHistory } from '../../src/domain/events';
import { FIND } from '../../src/jobs/find';
import { defineJob } from '../../src/process/jobDefinition';
import { answer } from '../../src/query/answer';
import { fanOut, type ScanUnit, unitsOf } from '../../src/query/fanout';
import { accountsOf, checkedOf } from '../../src/query/target';
import { FIND_SHOWN, type FoundInstance, findView } from '../../src/views/find';

const LIVE = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'];

/** `/ec2 find <account> <name|id>`: by id or Name tag (wildcards `*` `?`), every region at once. */
export const findJob = defineJob({
  ...FIND,
  create:
    (deps) =>
    async (data, { log }) => {
      const accounts = accountsOf(deps.config, data.accounts);
      const actor = { requester: data.requester };
      const { results, failures } = await fanOut(unitsOf(accounts, data.region), 'EC2', (u) =>
        findIn(deps, u, data.ref, actor),
      );
      for (const f of failures) log.warn({ failure: f }, 'part of the find is missing');
      const all = results.flatMap((r) => r.value.found);
      const view = findView({
        ref: data.ref,
        checked: checkedOf(accounts, data.region),
        found: all.slice(0, FIND_SHOWN),
        total: results.reduce((n, r) => n + r.value.total, 0),
        failures,
        now: deps.now(),
      });
      await answer(deps, { responseUrl: data.responseUrl, public: data.public }, [view], log);
      return { matches: all.length };
    },
});

/** Matches in one account-region; details (type facts, checks, events) for the ones that can be shown. */
async function findIn(
  deps: Deps,
  u: ScanUnit,
  ref: string,
  actor: Actor,
): Promise<{ found: FoundInstance[]; total: number }> {
  const ec2 = deps.ec2Port(u.account, u.region, actor);
  const query = ref.startsWith('i-') ? { ids: [ref], states: LIVE } : { name: ref, states: LIVE };
  const matches = (await ec2.instancesMatching(query)).sort((a, b) =>
    `${a.name ?? ''}|${a.id}`.localeCompare(`${b.name ?? ''}|${b.id}`),
  );
  const shown = matches.slice(0, FIND_SHOWN);
  if (shown.length === 0) return { found: [], total: 0 };
  const ids = shown.map((i) => i.id);
  const [types, status] = await Promise.all([
    ec2.typeFacts(shown.map((i) => i.type)),
    ec2.instanceStatus(ids),
  ]);
  const found = shown.map((instance) => ({
    instance,
    facts: types.get(instance.type),
    checks: status.checks.find((c) => c.instanceId === instance.id),
    events: status.events.filter((e) => e.instanceId === instance.id && !isHistory(e.description)),
  }));
  return { found, total: matches.length };
}
