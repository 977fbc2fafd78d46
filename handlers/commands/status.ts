import { enqueueQuery } from './enqueueQuery';
import { queryTarget, scopeText, targetPayload } from './queryTarget';
import type { CommandHandler } from './types';

/** `/ec2 status <account|all> [region] [--public]`: ack, then the `status` job answers. */
export const status: CommandHandler = async (input, deps) => {
  const target = queryTarget(input, deps);
  await enqueueQuery(deps, input, 'status', targetPayload(target));
  return { text: `Checking status checks in ${scopeText(target)}…`, response_type: 'ephemeral' };
};
