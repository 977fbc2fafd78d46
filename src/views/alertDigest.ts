import type { Alert } from '../domain/alert';
import { isResolved } from '../domain/alert';
import type { SlackMessage } from '../slack/message';
import { alertTitle } from './alertText';
import { context, fitBlocks, header, linesToSections } from './blocks';
import { esc } from './text';

/** Morning digest: the non-urgent alerts held during quiet hours, one line each. Pure. */
export function alertDigestView(account: string, alerts: Alert[]): SlackMessage {
  const lines = alerts.map((a) => {
    const ids = a.entities
      .slice(0, 5)
      .map((e) => `\`${esc(e.entity)}\``)
      .join(', ');
    const more = a.entities.length > 5 ? ` +${a.entities.length - 5} more` : '';
    const state = isResolved(a) ? ' (resolved since)' : '';
    return `• *${alertTitle(a.type)}*${state} — ${a.entities.length} instance(s): ${ids}${more}`;
  });
  const title = `Overnight digest for ${account}: ${alerts.length} alert(s) held during quiet hours`;
  return {
    text: `${title}\n${lines.join('\n')}`,
    blocks: fitBlocks(
      [header(title), ...linesToSections(lines)],
      (n) => `${n} more sections not shown`,
    ).concat(alerts.length ? [] : [context('Nothing was held.')]),
  };
}
