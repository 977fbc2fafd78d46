import { mentions } from '../domain/mentions';
import { AppError, safeText } from '../errors/appError';
import type { SlackMessage } from '../slack/message';
import { context, section } from './blocks';
import { esc, plainText, richText } from './text';

/** The small context line under a refusal or failure: the id to quote when asking for help. */
export const refLine = (correlationId: string): string => `ref ${esc(correlationId)}`;

/**
 * An error as Slack sees it (`lead`: mrkdwn before it, e.g. what could not start): the safe message in plain words (escaped here, never at the throw site);
 * a refusal that names who can do it mentions them (configured ids only); the correlation id only in
 * a small context line. Pure.
 */
export function errorView(err: unknown, correlationId: string, lead = ':warning:'): SlackMessage {
  const ask = err instanceof AppError && err.ask?.length ? ` Who can: ${mentions(err.ask)}.` : '';
  const words = safeText(err);
  const people = err instanceof AppError ? err.people : undefined;
  return {
    text: `${lead} ${esc(plainText(words))}`,
    blocks: [section(`${lead} ${richText(words, people)}${ask}`), context(refLine(correlationId))],
  };
}
