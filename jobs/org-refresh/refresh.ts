import type { Account } from '../../src/config/types';
import type { Deps } from '../../src/deps';
import { discoveredAccounts, type OrgAccount, type OrgProblem } from '../../src/domain/orgAccounts';
import type { OrgSnapshot } from '../../src/org/registry';

export interface RefreshOutcome {
  discovered: number;
  problems: number;
  error?: string;
}

type RefreshDeps = Pick<Deps, 'config' | 'registry' | 'organization' | 'log' | 'now'> & {
  /** The role check of the discovered accounts (src/aws/roleCheck.ts's checkAccountList). */
  checkRoles(accounts: Account[]): Promise<{ alias: string; reason: string; errorName: string }[]>;
};

/**
 * One discovery pass: list the organization's members (under `ous` if given) with their tags as the
 * organization role, build account entries, try each entry's role once (GetCallerIdentity), and
 * publish the result for every process. A failed listing keeps the previous accounts and records the
 * error (shown by `/ec2 accounts`); a member whose role cannot be assumed stays listed, with the reason.
 */
export async function refreshOrganization(deps: RefreshDeps): Promise<RefreshOutcome> {
  const org = deps.config.organization;
  if (!org) return { discovered: 0, problems: 0 };
  const at = deps.now().toISOString();
  let members: OrgAccount[];
  try {
    members = await deps
      .organization({ alias: '@organization', role_arn: org.role_arn, external_id: org.external_id })
      .listMembers(org.ous);
  } catch (err) {
    const message = errorText(err);
    deps.log.warn({ err }, 'organization listing failed; keeping the last discovered accounts');
    const prev = deps.registry.last;
    await deps.registry.publish({
      refreshedAt: prev?.refreshedAt ?? at,
      accounts: prev?.accounts ?? [],
      memberIds: prev?.memberIds ?? [],
      problems: prev?.problems ?? [],
      error: { at, message },
    });
    return { discovered: prev?.accounts.length ?? 0, problems: prev?.problems.length ?? 0, error: message };
  }
  const explicit = [...deps.config.accounts.values()].filter((a) => a.source === 'config');
  const { accounts, problems } = discoveredAccounts(
    { defaults: deps.config.defaults, organization: org },
    explicit,
    members,
  );
  const byAlias = new Map(accounts.map((a) => [a.alias, a]));
  for (const f of await deps.checkRoles(accounts)) {
    const a = byAlias.get(f.alias);
    if (a) problems.push(roleProblem(a, f));
  }
  const memberIds = members.filter((m) => m.status === 'ACTIVE').map((m) => m.id);
  const snapshot: OrgSnapshot = { refreshedAt: at, accounts, memberIds, problems };
  await deps.registry.publish(snapshot);
  return { discovered: accounts.length, problems: problems.length };
}

const roleProblem = (a: Account, f: { reason: string; errorName: string }): OrgProblem => ({
  id: a.id,
  alias: a.alias,
  kind: 'role',
  problem: `${f.reason} (${f.errorName}) — deploy the member role (deploy/member-role.yml) to account ${a.id}`,
});

const errorText = (err: unknown): string => {
  const name = (err as { name?: string })?.name ?? 'Error';
  return /AccessDenied|AuthFailure|InvalidClientTokenId/.test(name)
    ? `the organization role was refused (${name}) — check organization.role_arn, its trust policy and external_id`
    : `listing the organization failed (${name}) — see the bot's log`;
};
