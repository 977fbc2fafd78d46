import {
  type Account as AwsAccount,
  type OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListTagsForResource,
} from '@aws-sdk/client-organizations';
import type { OrgAccount } from '../domain/orgAccounts';
import { mapLimit } from './mapLimit';

/** ListTagsForResource calls at once: Organizations' API is throttled per account, low and shared. */
const TAG_CONCURRENCY = 4;

/** The organization port: member accounts (all, or under some OUs) with their tags. */
export interface OrgPort {
  listMembers(ous?: string[]): Promise<OrgAccount[]>;
}

/**
 * AWS Organizations through one client acting as the organization role. Without `ous`, ListAccounts
 * (every account). With `ous`, ListAccountsForParent for each OU and, recursively, each child OU from
 * ListOrganizationalUnitsForParent: ListAccountsForParent lists only the OU's direct accounts, "not in
 * any child OUs" (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccountsForParent.html).
 * Tags per account: ListTagsForResource
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTagsForResource.html).
 */
export function orgPort(client: OrganizationsClient): OrgPort {
  const underParent = async (parentId: string, seen: Set<string>): Promise<AwsAccount[]> => {
    if (seen.has(parentId)) return [];
    seen.add(parentId);
    const out: AwsAccount[] = [];
    for await (const page of paginateListAccountsForParent({ client }, { ParentId: parentId })) {
      out.push(...(page.Accounts ?? []));
    }
    for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parentId })) {
      for (const ou of page.OrganizationalUnits ?? []) {
        if (ou.Id) out.push(...(await underParent(ou.Id, seen)));
      }
    }
    return out;
  };
  const tagsOf = async (id: string): Promise<Record<string, string>> => {
    const tags: Record<string, string> = {};
    for await (const page of paginateListTagsForResource({ client }, { ResourceId: id })) {
      for (const t of page.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
    }
    return tags;
  };
  return {
    async listMembers(ous) {
      const raw: AwsAccount[] = [];
      if (ous?.length) {
        const seen = new Set<string>();
        for (const ou of ous) raw.push(...(await underParent(ou, seen)));
      } else {
        for await (const page of paginateListAccounts({ client }, {})) raw.push(...(page.Accounts ?? []));
      }
      const unique = [...new Map(raw.filter((a) => a.Id).map((a) => [a.Id!, a])).values()];
      return mapLimit(unique, TAG_CONCURRENCY, async (a) => ({
        id: a.Id!,
        name: a.Name ?? a.Id!,
        // `State` replaces `Status` (deprecated); either says ACTIVE for a usable member.
        status: String(a.State ?? a.Status ?? ''),
        tags: await tagsOf(a.Id!),
      }));
    },
  };
}
