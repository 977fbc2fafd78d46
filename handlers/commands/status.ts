import { STATUS } from '../../src/jobs/status';
import { enqueueQuery } from './enqueueQuery';
import { queryTarget, scopeText, targetPayload } from './queryTarget';
import type { Command } from './types';

/** `/ec2 status <account|all> [region] [--public]`: ack, then the `status` job answers. */
export const status: Command = {
  names: ['status'],
  usage: '<account|all> [region]',
  help: 'failing status checks',
  async run(input, deps) {
    const target = queryTarget(input, deps);
    await enqueueQuery(deps, input, STATUS, targetPayload(target));
    return { text: `Checking status checks in ${scopeText(target)}…`, response_type: 'ephemeral' };
  },
};
