import { checkAccountList } from '../../src/aws/roleCheck';
import { ORG_REFRESH } from '../../src/jobs/orgRefresh';
import { defineJob } from '../../src/process/jobDefinition';
import { refreshOrganization } from './refresh';

/** Discovers the organization's accounts and publishes them for every process (src/org/registry.ts). */
export const orgRefreshJob = defineJob({
  ...ORG_REFRESH,
  create:
    (deps) =>
    async (_data, { log }) => {
      const out = await refreshOrganization({
        ...deps,
        log,
        checkRoles: async (accounts) => {
          const { checks } = await checkAccountList(deps.aws, accounts, {});
          return checks.flatMap((c) => (c.ok ? [] : [c]));
        },
      });
      log.info(out, 'organization refreshed');
      return out;
    },
});
