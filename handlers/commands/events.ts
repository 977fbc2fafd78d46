import { enqueueQuery } from './enqueueQuery';
import { queryTarget, scopeText, targetPayload } from './queryTarget';
import type { CommandHandler } from './types';

/** `/ec2 events <account|all> [region] [--public]`: ack, then the `events` job answers. */
export const events: CommandHandler = async (input, deps) => {
  const target = queryTarget(input, deps);
  await enqueueQuery(deps, input, 'events', targetPayload(target));
  return { text: `Looking up events in ${scopeText(target)}…`, response_type: 'ephemeral' };
};
