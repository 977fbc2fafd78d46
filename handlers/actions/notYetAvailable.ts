import type { ActionHandler } from './types';

/** Buttons whose operation is not built yet answer so, instead of failing silently. */
export const notYetAvailable: ActionHandler = async (input, deps) => {
  if (!input.responseUrl) return;
  await deps.responder.respond(input.responseUrl, {
    text: 'That operation is not yet available in this version of the bot.',
    response_type: 'ephemeral',
    replace_original: false,
  });
};
