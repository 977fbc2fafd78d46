import { enqueueQuery } from './enqueueQuery';
import { queryTarget, scopeText, targetPayload } from './queryTarget';
import type { CommandHandler } from './types';

/** `/ec2 audit <account|all> [region] [--public]`: ack, then the `audit` job answers. */
export const audit: CommandHandler = async (input, deps) => {
  const target = queryTarget(input, deps);
  await enqueueQuery(deps, input, 'audit', targetPayload(target));
  return { text: `Auditing ${scopeText(target)}…`, response_type: 'ephemeral' };
};
