import type { AccountCheck } from '../domain/accountCheck';
import type { SlackMessage } from '../slack/message';
import { context, linesToSections } from './blocks';
import { code, esc } from './text';

/** One line per account: ok (id, regions) or the failure in plain words. Pure. */
export function accountsView(checks: AccountCheck[]): SlackMessage {
  const ok = checks.filter((c) => c.ok).length;
  const lines = checks.map((c) => {
    if (!c.ok) return `:x: *${esc(c.alias)}* — ${c.reason} (${code(c.errorName)})`;
    const mismatch =
      c.accountId !== c.expectedId
        ? ` :warning: the role answered from account ${code(c.accountId)}, the config says ${code(c.expectedId)}`
        : '';
    return `:white_check_mark: *${esc(c.alias)}* — ok, account ${code(c.accountId)}, regions ${c.regions.map(esc).join(', ')}${mismatch}`;
  });
  const summary = `${ok} of ${checks.length} accounts reachable`;
  return {
    text: `${summary}\n${lines.join('\n')}`,
    blocks: [...linesToSections(lines), context(summary)],
  };
}
