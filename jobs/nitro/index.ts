import type { Account } from '../../src/config/types';
import type { Deps } from '../../src/deps';
import { assess, type NitroRow, summarize } from '../../src/domain/nitro';
import type { OpRef } from '../../src/domain/opRef';
import type { ScanFailure } from '../../src/domain/scan';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { NITRO, type NitroPayload } from '../../src/jobs/nitro';
import { defineJob } from '../../src/process/jobDefinition';
import { failureOf } from '../../src/query/fanout';
import { checkedOf } from '../../src/query/target';
import { nitroView } from '../../src/views/nitro';

function accountsOf(deps: Deps, scope: string): Account[] {
  if (scope === 'all') return [...deps.config.accounts.values()];
  const a = deps.config.accounts.get(scope);
  if (!a) throw new AppError(ErrorCode.UnknownAccount, `Unknown account ${scope}.`);
  return [a];
}

/** Every region of every account in parallel; a region that fails is named, the rest still answer. */
async function scan(
  deps: Deps,
  accounts: Account[],
  data: NitroPayload,
): Promise<{ rows: NitroRow[]; failures: ScanFailure[] }> {
  const jobs = accounts.flatMap((a) => a.regions.map((r) => ({ a, r })));
  const results = await Promise.all(
    jobs.map(async ({ a, r }) => {
      try {
        const f = await deps.ec2Port(a, r, { requester: data.requester }).regionFleet();
        return { rows: f.instances.map((i) => assess(i, f.types, f.images)) };
      } catch (err) {
        deps.log.warn({ err, account: a.alias, region: r }, 'nitro scan failed');
        return { failure: failureOf(err, 'Nitro readiness', a.alias, r) };
      }
    }),
  );
  return {
    rows: results.flatMap((x) => x.rows ?? []),
    failures: results.flatMap((x) => (x.failure ? [x.failure] : [])),
  };
}

/** `/ec2 nitro <account|all>`: fleet readiness for Xen → Nitro, with a Plan migration button per ready one. */
export const nitroJob = defineJob({
  ...NITRO,
  create: (deps) => async (data) => {
    const accounts = accountsOf(deps, data.account);
    const { rows, failures } = await scan(deps, accounts, data);
    const report = summarize(rows);
    const refs = new Map<string, string>();
    for (const r of rows) {
      if (r.verdict !== 'ready' || !r.suggested) continue;
      const ref: OpRef = {
        kind: 'op',
        op: 'resize',
        account: r.instance.accountAlias,
        region: r.instance.region,
        instanceId: r.instance.id,
        targetType: r.suggested,
        channel: data.channel,
        origin: { kind: 'command' },
      };
      refs.set(r.instance.id, await deps.refs.put(ref));
    }
    if (data.responseUrl)
      await deps.responder.respond(data.responseUrl, {
        ...nitroView(data.account, report, refs, { checked: checkedOf(accounts), failures }),
        response_type: 'ephemeral',
      });
    return { ...report.byVerdict, failures: failures.length };
  },
});
