import { checkAccounts } from '../../src/aws/roleCheck';
import { ACCOUNTS } from '../../src/jobs/accounts';
import { defineJob } from '../../src/process/jobDefinition';
import { accountsView, type OrgStatus } from '../../src/views/accounts';

/** `/ec2 accounts`: assume every account's role, GetCallerIdentity, one line per account, then discovery. */
export const accountsJob = defineJob({
  ...ACCOUNTS,
  create:
    (deps) =>
    async (data, { log }) => {
      const { checks, errors } = await checkAccounts(deps.aws, deps.config, { requester: data.requester });
      for (const e of errors) log.warn({ account: e.alias, err: e.err }, 'role check failed');
      const snap = deps.registry.last;
      const org: OrgStatus | undefined = deps.config.organization
        ? {
            refreshedAt: snap?.refreshedAt,
            discovered: snap?.accounts.length ?? 0,
            problems: snap?.problems ?? [],
            error: snap?.error,
          }
        : undefined;
      if (data.responseUrl) {
        await deps.responder.respond(data.responseUrl, {
          ...accountsView(checks, org),
          response_type: 'ephemeral',
        });
      }
      return { ok: checks.filter((c) => c.ok).length, failed: errors.length };
    },
});
