import type { KnownBlock, SectionBlock } from '@slack/types';
import type { SlackMessage } from '../slack/message';
import { LIMITS, truncate } from './text';

export const section = (text: string): SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) },
});

export const context = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) }],
});

export const header = (text: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(text, LIMITS.headerText) },
});

export const divider = (): KnownBlock => ({ type: 'divider' });

/**
 * Keeps a message within Slack's 50-block limit: when it is longer, the tail is cut and a last block
 * says how much more there is and where to find it.
 */
export function fitBlocks(blocks: KnownBlock[], moreNote: (hidden: number) => string): KnownBlock[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  const kept = blocks.slice(0, LIMITS.blocks - 1);
  return [...kept, context(moreNote(blocks.length - kept.length))];
}

/** Packs lines into as few sections as fit 3,000 characters each. */
export function linesToSections(lines: string[]): SectionBlock[] {
  const out: SectionBlock[] = [];
  let buf = '';
  for (const line of lines) {
    const l = truncate(line, LIMITS.sectionText);
    if (buf && buf.length + 1 + l.length > LIMITS.sectionText) {
      out.push(section(buf));
      buf = l;
    } else buf = buf ? `${buf}\n${l}` : l;
  }
  if (buf) out.push(section(buf));
  return out;
}

export const plain = (text: string): SlackMessage => ({ text, blocks: [section(text)] });
