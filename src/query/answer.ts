import type { Deps } from '../deps';
import type { Logger } from '../logger';
import type { SlackMessage } from '../slack/message';
import { MAX_PAGES } from '../views/pages';

/**
 * Answers a command through its response_url: the first message, then follow-ups (response_url allows
 * five uses). Ephemeral unless the user asked for `--public`.
 */
export async function answer(
  deps: Deps,
  target: { responseUrl?: string; public: boolean },
  messages: SlackMessage[],
  log: Logger,
  /** After streamed progress: the first page replaces the progress message, within the uses left. */
  stream: { pagesLeft: number; replacing: boolean } = { pagesLeft: MAX_PAGES, replacing: false },
): Promise<number> {
  if (!target.responseUrl) {
    log.warn('no response_url: answer dropped');
    return 0;
  }
  const sent = messages.slice(0, stream.pagesLeft);
  for (const [n, m] of sent.entries()) {
    await deps.responder.respond(target.responseUrl, {
      ...m,
      response_type: target.public ? 'in_channel' : 'ephemeral',
      ...(n > 0 ? { replace_original: false } : stream.replacing ? { replace_original: true } : {}),
    });
  }
  return sent.length;
}
