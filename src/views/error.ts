import { mentions } from '../domain/mentions';
import { AppError, userFacing } from '../errors/appError';
import type { SlackMessage } from '../slack/message';
import { esc } from './text';

/**
 * An error as Slack sees it: the safe message, the code and the ref, escaped here (never at the throw
 * site); a refusal that names who can do it mentions them (configured ids only). Pure.
 */
export function errorView(err: unknown, correlationId: string, icon = ':warning:'): SlackMessage {
  const ask = err instanceof AppError && err.ask?.length ? ` Who can: ${mentions(err.ask)}.` : '';
  return { text: `${icon} ${esc(userFacing(err, correlationId))}${ask}` };
}
