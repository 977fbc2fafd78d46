import type { Alert, AlertEntity } from '../domain/alert';
import { mentions } from '../domain/mentions';
import type { SlackMessage } from '../slack/message';
import { entityLine } from './alertText';
import { context, linesToSections, section } from './blocks';
import { consoleFence } from './consoleFence';
import { esc, LIMITS } from './text';

/**
 * The alert's instances `from` onwards (at most `chunk`), as one thread reply: the thread lists every
 * instance once, in order, as they join the alert. Pure.
 */
export function instanceListView(a: Alert, from: number, chunk: number): SlackMessage {
  const total = a.entities.length;
  const part = a.entities.slice(from, from + chunk);
  const lines = part.map((e) => entityLine(e, a));
  const head = `Instances ${from + 1}–${from + part.length} of ${total}`;
  return {
    text: `${head}\n${lines.join('\n')}`,
    blocks: [context(head), ...linesToSections(lines).slice(0, 48)],
  };
}

/** A thread reply listing what changed since the message was posted. Pure. */
export function changesView(
  changes: { entity: AlertEntity; from: string }[],
  chunkLimit = 400,
): SlackMessage {
  const lines = changes.slice(0, chunkLimit).map((c) => `${entityLine(c.entity)} (was ${esc(c.from)})`);
  if (changes.length > chunkLimit) lines.push(`… and ${changes.length - chunkLimit} more changes`);
  const head = `${changes.length} change${changes.length === 1 ? '' : 's'}:`;
  return {
    text: `${head}\n${lines.join('\n')}`,
    blocks: [context(head), ...linesToSections(lines).slice(0, 48)],
  };
}

export const escalationView = (after: number, who: string[], oncall: string[]): SlackMessage => {
  const text = `:mega: ${mentions([...who, ...oncall])} Not acknowledged after ${after} min — escalating. Press *Acknowledge* on the alert when someone has it.`;
  return { text, blocks: linesToSections([text]) };
};

export const noteView = (text: string): SlackMessage => ({ text, blocks: linesToSections([text]) });

/** Console output tail: the LAST lines (escaped, in a code block that stays closed, within one section). */
export function consoleTailView(
  instanceId: string,
  tail: string | undefined,
  problem?: string,
): SlackMessage {
  if (!tail) {
    const text = `Console output of \`${instanceId}\`: ${problem ? esc(problem) : 'empty (the instance may not have written any yet)'}.`;
    return noteView(text);
  }
  const head = `Console output tail of \`${instanceId}\` — look for \`Out of memory\`, \`Kernel panic\`, fstab / mount errors, \`No space left\`:\n`;
  const text = head + consoleFence(tail, LIMITS.sectionText - head.length);
  return { text, blocks: [section(text)] };
}
