import type { AccountCheck } from '../domain/accountCheck';
import type { OrgProblem } from '../domain/orgAccounts';
import type { SlackMessage } from '../slack/message';
import { context, fitBlocks, linesToSections } from './blocks';
import { code, esc } from './text';
import { slackDate } from './time';

/** What `/ec2 accounts` says about AWS Organizations discovery, when the config has `organization:`. */
export interface OrgStatus {
  refreshedAt?: string;
  discovered: number;
  problems: OrgProblem[];
  error?: { at: string; message: string };
}

const SOURCE = { config: 'config', organization: 'organization' } as const;

/** One line per account: ok (id, regions) or the failure in plain words, and where it came from. Pure. */
export function accountsView(checks: AccountCheck[], org?: OrgStatus): SlackMessage {
  const ok = checks.filter((c) => c.ok).length;
  // Where each account came from, when there is a choice (with `organization:` in the config).
  const from = (c: AccountCheck): string => (org ? ` (_${SOURCE[c.source]}_)` : '');
  const lines = checks.map((c) => {
    if (!c.ok) return `:x: *${esc(c.alias)}*${from(c)} — ${c.reason} (${code(c.errorName)})`;
    const mismatch =
      c.accountId !== c.expectedId
        ? ` :warning: the role answered from account ${code(c.accountId)}, the config says ${code(c.expectedId)}`
        : '';
    return `:white_check_mark: *${esc(c.alias)}*${from(c)} — ok, account ${code(c.accountId)}, regions ${c.regions.map(esc).join(', ')}${mismatch}`;
  });
  const orgLines = org ? orgStatusLines(org) : [];
  const summary = `${ok} of ${checks.length} accounts reachable${org ? ` · ${org.discovered} from the organization` : ''}`;
  return {
    text: [summary, ...lines, ...orgLines].join('\n'),
    blocks: fitBlocks(
      [...linesToSections([...lines, ...orgLines]), context(summary)],
      (n) => `${n} more blocks not shown`,
    ),
  };
}

/**
 * The organization part: when it was last listed, a failed listing, and each member left out or
 * partly used (alias clash, no alias, a tag ignored). Role failures of listed accounts are shown by
 * their own line above, so they are not repeated.
 */
function orgStatusLines(org: OrgStatus): string[] {
  const head = org.refreshedAt
    ? `*Organization*: ${org.discovered} account${org.discovered === 1 ? '' : 's'} discovered, listed ${slackDate(org.refreshedAt)}`
    : '*Organization*: not listed yet (the refresh runs at worker start and every `refresh_minutes`)';
  const error = org.error
    ? [`:x: last listing failed ${slackDate(org.error.at)}: ${esc(org.error.message)}`]
    : [];
  const problems = org.problems
    .filter((p) => p.kind !== 'role')
    .map((p) => `:warning: account ${code(p.id)}${p.alias ? ` (${esc(p.alias)})` : ''} — ${esc(p.problem)}`);
  return [head, ...error, ...problems];
}
